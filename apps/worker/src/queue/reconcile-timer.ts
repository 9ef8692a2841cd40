import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Reconciler } from '@app/command-engine';
import { APP_CONFIG, AppConfig } from '@app/platform';
import { BatchReconciler } from '../batches/batch-reconciler';

/**
 * Runs the reconciler at start and every RECONCILE_INTERVAL (a minute) in every worker process. A timer in the process
 * rather than a BullMQ job scheduler: the scheduler lives in Redis and would be lost with the very
 * data loss the reconciler repairs.
 */
@Injectable()
export class ReconcileTimer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReconcileTimer.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly reconciler: Reconciler,
    private readonly batches: BatchReconciler,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.config.reconcileIntervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.reconciler.run();
      await this.batches.run();
    } catch (error) {
      this.logger.warn(`reconcile failed, will try again: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
