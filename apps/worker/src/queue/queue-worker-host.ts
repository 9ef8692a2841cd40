import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Worker } from 'bullmq';

/** A BullMQ worker this process runs from start-up to shutdown; errors of the worker itself are logged. */
export abstract class QueueWorkerHost<T> implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private worker?: Worker<T>;

  /** What the logs call the worker. */
  protected abstract readonly label: string;

  /** The worker, its processor and options, and its job listeners. */
  protected abstract open(): Worker<T>;

  onApplicationBootstrap(): void {
    this.worker = this.open();
    this.worker.on('error', (error) => this.logger.error(`${this.label} error: ${error.message}`));
  }

  isRunning(): boolean {
    return this.worker?.isRunning() ?? false;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
