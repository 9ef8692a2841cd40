import { Inject, Injectable } from '@nestjs/common';
import { Reconciler } from '@app/command-engine';
import { IntervalClaims } from '@app/persistence';
import { APP_CONFIG, AppConfig, RepeatingWork } from '@app/platform';
import { BatchReconciler } from '../batches/batch-reconciler';

/**
 * Runs the reconciler when a worker starts (it may be taking over from one that died) and then
 * every RECONCILE_INTERVAL (a minute) in one worker process, whichever claims the interval: its
 * reads scan collections, and one pass per interval repairs as much as one per worker would. A pass
 * that took long (FerretDB scanning 100,000 records) spaces the next ones (COST_SPACING). On a
 * timer in the process: a BullMQ scheduler would be lost with the very data loss it repairs.
 */
@Injectable()
export class ReconcileTimer extends RepeatingWork {
  constructor(
    private readonly reconciler: Reconciler,
    private readonly batches: BatchReconciler,
    private readonly claims: IntervalClaims,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super('reconcile', { everyMs: config.reconcileIntervalMs, first: 'at-start' });
  }

  private started = false;

  protected async round(): Promise<void> {
    const reconcile = async () => {
      await this.reconciler.run();
      await this.batches.run();
    };
    if (this.started) await this.claims.runClaimed('reconcile', this.config.reconcileIntervalMs, reconcile);
    else await reconcile();
    this.started = true;
  }
}
