import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/platform';

/** An interactive pump slower than this makes the batch lane give way. */
export const SLOW_INTERACTIVE_PUMP_MS = 400;
/** How often the batch lane's width is decided again. */
export const THROTTLE_INTERVAL_MS = 1_000;

/**
 * Interactive work first, at the database too: the batch lane runs its own pumps, but they share
 * MongoDB's writes with the interactive ones, and a lane kept full lengthens every interactive
 * write's wait. So the lane's width follows how long the interactive pumps of this process take:
 * halved when one of the last interval took longer than SLOW_INTERACTIVE_PUMP_MS, widened by one
 * otherwise (additive increase, multiplicative decrease), between 1 and BATCH_LANE_CONCURRENCY.
 */
@Injectable()
export class BatchLaneThrottle {
  private readonly max: number;
  private width: number;
  private slowest = 0;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'batchLaneConcurrency'>) {
    this.max = config.batchLaneConcurrency;
    this.width = this.max;
  }

  /** An interactive pump's run took this long. */
  interactiveRun(ms: number): void {
    this.slowest = Math.max(this.slowest, ms);
  }

  /** The batch lane's width for the next interval, from what the interactive pumps took in the last. */
  nextWidth(): number {
    this.width = this.slowest > SLOW_INTERACTIVE_PUMP_MS ? Math.max(1, Math.floor(this.width / 2)) : Math.min(this.max, this.width + 1);
    this.slowest = 0;
    return this.width;
  }
}
