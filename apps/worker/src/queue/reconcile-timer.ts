import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Reconciler } from '@app/command-engine';
import { APP_CONFIG, AppConfig, RepeatingTask } from '@app/platform';
import { BatchReconciler } from '../batches/batch-reconciler';

/**
 * Runs the reconciler at start and every RECONCILE_INTERVAL (a minute) in every worker process, on
 * a timer in the process: a BullMQ scheduler would be lost with the very data loss it repairs.
 */
@Injectable()
export class ReconcileTimer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task = new RepeatingTask('reconcile', () => this.reconcile(), new Logger(ReconcileTimer.name));

  constructor(
    private readonly reconciler: Reconciler,
    private readonly batches: BatchReconciler,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.task.runOnce();
    this.task.start(this.config.reconcileIntervalMs);
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  private async reconcile(): Promise<void> {
    await this.reconciler.run();
    await this.batches.run();
  }
}
