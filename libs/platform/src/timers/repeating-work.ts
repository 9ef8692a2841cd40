import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { RepeatingTask } from './repeating-task';

export interface RepeatingSchedule {
  everyMs: number;
  /** The first round: at start-up in the background, awaited before the app serves, or only after the first interval. */
  first: 'at-start' | 'before-serving' | 'after-interval';
}

/** A provider whose `round` repeats on a timer of the process (RepeatingTask) from start-up to shutdown. */
export abstract class RepeatingWork implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: RepeatingTask;

  protected constructor(
    name: string,
    private readonly schedule: RepeatingSchedule,
    protected readonly logger = new Logger(new.target.name),
  ) {
    this.task = new RepeatingTask(name, () => this.round(), logger);
  }

  protected abstract round(): Promise<void>;

  async onApplicationBootstrap(): Promise<void> {
    if (this.schedule.first === 'before-serving') await this.task.runOnce();
    if (this.schedule.first === 'at-start') void this.task.runOnce();
    this.task.start(this.schedule.everyMs);
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
