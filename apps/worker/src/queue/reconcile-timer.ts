import { Inject, Injectable } from '@nestjs/common';
import { Reconciler } from '@app/command-engine';
import { APP_CONFIG, AppConfig, RepeatingWork } from '@app/platform';
import { BatchReconciler } from '../batches/batch-reconciler';

/**
 * Runs the reconciler at start and every RECONCILE_INTERVAL (a minute) in every worker process, on
 * a timer in the process: a BullMQ scheduler would be lost with the very data loss it repairs.
 */
@Injectable()
export class ReconcileTimer extends RepeatingWork {
  constructor(
    private readonly reconciler: Reconciler,
    private readonly batches: BatchReconciler,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super('reconcile', { everyMs: config.reconcileIntervalMs, first: 'at-start' });
  }

  protected async round(): Promise<void> {
    await this.reconciler.run();
    await this.batches.run();
  }
}
