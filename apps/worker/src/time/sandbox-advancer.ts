import { Injectable, Logger } from '@nestjs/common';
import { DueAgendaRepository, SandboxClock } from '@app/persistence';
import { InstantWaiter } from './instant-waiter';
import { DUE_BATCH } from './due-work';
import { oneAtATime } from './one-at-a-time';
import { TimeKeeper } from './time-keeper';

/** Real time at one instant after which the clock steps on even if something there is still unfinished. */
const MAX_SETTLE_MS = 120_000;

/**
 * Moves the sandbox clock to its target the way real time would pass (api.md, "Time"): to the next
 * instant something is due (a time-driven command, a reminder, the end of a deferred command's
 * wait), runs all of it there, waits until it has finished, and only then goes on. So a renewal
 * starts on the day after the term end, completes RENEWAL_PROCESSING_DURATION later with its new
 * window opening then (and the commands it deferred applying then), and the cycle charges, trial
 * ends, expiries, reminders and retries after it each happen at their own instant, in time order.
 * An instant costs one read of the due-work index before its work and one after (which also says
 * where the next instant is), plus reads by id of what the work set going. Several workers may step
 * at once: every step is forward-only and every piece of due work is made once.
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
    let at = 0;
    let deadline = 0;
    for (;;) {
      const [now, target] = await Promise.all([this.sandbox.now(), this.sandbox.target()]);
      if (now.getTime() !== at) [at, deadline] = [now.getTime(), Date.now() + MAX_SETTLE_MS];
      const started = Date.now();
      const agenda = await this.agenda.read(now, target, DUE_BATCH);
      const read = Date.now();
      const work = await this.timeKeeper.runAt(agenda, now);
      const ran = Date.now();
      if (work.count > 0) {
        const done = await this.waiter.untilDone(work, now, deadline);
        this.logger.debug(`instant ${now.toISOString()}: ${work.count} due; read ${read - started} ms, set going ${ran - read} ms, finished ${Date.now() - ran} ms`);
        if (done && Date.now() < deadline) continue;
        this.logger.warn(`work due at ${now.toISOString()} still unfinished after ${MAX_SETTLE_MS} ms; the clock steps on`);
      }
      this.logger.debug(`instant ${now.toISOString()}: read ${read - started} ms; the clock steps on`);
      if (target.getTime() <= now.getTime()) return;
      await this.sandbox.moveTo(agenda.next && agenda.next.getTime() < target.getTime() ? agenda.next : target);
    }
  }
}
