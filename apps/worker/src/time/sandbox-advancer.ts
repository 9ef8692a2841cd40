import { Injectable, Logger } from '@nestjs/common';
import { DueAgendaRepository, SandboxClock } from '@app/persistence';
import { InstantWaiter } from './instant-waiter';
import { DUE_BATCH } from './due-work';
import { oneAtATime } from './one-at-a-time';
import { TimeKeeper } from './time-keeper';

/**
 * Moves the sandbox clock to its target the way real time would pass (api.md, "Time"): to the next
 * instant something is due (a time-driven command, a reminder, the end of a deferred command's
 * wait), runs all of it there, waits until it has finished, and only then goes on. So a renewal
 * starts on the day after the term end, completes RENEWAL_PROCESSING_DURATION later with its new
 * window opening then (and the commands it deferred applying then), and the cycle charges, trial
 * ends, expiries, reminders and retries after it each happen at their own instant, in time order.
 * An instant costs one read of the due-work index: the read after an instant's work (which must see
 * what that work made due) also says what is due at the next instant, plus reads by id of what the
 * work set going. Several workers may step at once: every step is forward-only and every piece of
 * due work is made once.
 */
@Injectable()
export class SandboxAdvancer {
  private readonly logger = new Logger(SandboxAdvancer.name);

  constructor(
    private readonly sandbox: SandboxClock,
    private readonly timeKeeper: TimeKeeper,
    private readonly agenda: DueAgendaRepository,
    private readonly waiter: InstantWaiter,
  ) {}

  /** Steps the clock to its target; one advance at a time per process. */
  readonly advance = oneAtATime(() => this.run());

  private async run(): Promise<void> {
    await this.timeKeeper.recover();
    let [now, target] = await Promise.all([this.sandbox.now(), this.sandbox.target()]);
    let started = Date.now();
    let reading = await this.agenda.reading(now, target);
    for (;;) {
      const read = Date.now();
      const due = reading.at(now, DUE_BATCH);
      if (due.count > 0) {
        const work = await this.timeKeeper.runAt(due, now);
        const ran = Date.now();
        const done = await this.waiter.untilDone(work, now);
        if (!done) this.logger.warn(`work due at ${now.toISOString()} made no progress for a while; the clock steps on`);
        this.logger.debug(`instant ${now.toISOString()}: ${work.count} due; read ${read - started} ms, set going ${ran - read} ms, finished ${Date.now() - ran} ms`);
        started = Date.now();
        // Read after the work: it may have made more due now (a completion wakes deferred commands).
        reading = await this.agenda.reading(now, target);
        if (done) continue;
      }
      this.logger.debug(`instant ${now.toISOString()}: read ${read - started} ms; the clock steps on`);
      if (target.getTime() <= now.getTime()) return;
      const ahead = reading.at(now).next;
      const next = ahead && ahead.getTime() < target.getTime() ? ahead : target;
      const moved = await this.sandbox.moveTo(next);
      const aimedAt = await this.sandbox.target();
      started = Date.now();
      // The reading holds what is due at the next instant, unless another worker stepped further or the target moved.
      if (moved.getTime() !== next.getTime() || aimedAt.getTime() !== target.getTime()) reading = await this.agenda.reading(moved, aimedAt);
      [now, target] = [moved, aimedAt];
    }
  }
}
