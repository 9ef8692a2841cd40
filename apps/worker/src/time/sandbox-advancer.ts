import { Injectable, Logger } from '@nestjs/common';
import { TimeStatus } from '@app/command-engine';
import { CommandRepository, GroupQueueRepository, SandboxClock, SubscriptionRepository } from '@app/persistence';
import { oneAtATime } from './one-at-a-time';
import { TimeKeeper } from './time-keeper';

/** Real time at one instant after which the clock steps on even if something there is still unfinished. */
const MAX_SETTLE_MS = 120_000;
const POLL_MS = 100;

/**
 * Moves the sandbox clock to its target the way real time would pass (api.md, "Time"): to the next
 * instant something is due (a time-driven command, a reminder, the end of a deferred command's
 * wait), runs all of it there, waits until it has finished, and only then goes on. So a renewal
 * starts on the day after the term end, completes RENEWAL_PROCESSING_DURATION later with its new
 * window opening then, and the cycle charges, trial ends, expiries, reminders and retries after it
 * each happen at their own instant, in time order. Several workers may step at once: every step is
 * forward-only and every piece of due work is made once.
 */
@Injectable()
export class SandboxAdvancer {
  private readonly logger = new Logger(SandboxAdvancer.name);

  constructor(
    private readonly sandbox: SandboxClock,
    private readonly timeKeeper: TimeKeeper,
    private readonly status: TimeStatus,
    private readonly subscriptions: SubscriptionRepository,
    private readonly groups: GroupQueueRepository,
    private readonly commands: CommandRepository,
  ) {}

  /** Steps the clock to its target; one advance at a time per process. */
  readonly advance = oneAtATime(() => this.run());

  private async run(): Promise<void> {
    for (;;) {
      const now = await this.sandbox.now();
      await this.settle(now);
      const target = await this.sandbox.target();
      if (target.getTime() <= now.getTime()) return;
      const [work, retry] = await Promise.all([this.subscriptions.nextDueInstant(now, target), this.groups.nextDeferralEnd(now, target)]);
      const next = [work, retry, target].filter((d): d is Date => d !== undefined).sort((a, b) => a.getTime() - b.getTime())[0];
      await this.sandbox.moveTo(next);
    }
  }

  /** Runs what is due at `now` until all of it has finished (applied, refused or deferred to later). */
  private async settle(now: Date): Promise<void> {
    const deadline = Date.now() + MAX_SETTLE_MS;
    for (;;) {
      await this.timeKeeper.tick();
      // Let what the tick submitted be applied before looking again: a tick submits every due piece
      // of work that is not applied yet, so ticking meanwhile would only submit it again.
      while ((await this.commands.anyInFlight()) && Date.now() < deadline) await new Promise((done) => setTimeout(done, POLL_MS));
      if (await this.status.settled(now)) return;
      if (Date.now() > deadline) {
        this.logger.warn(`work due at ${now.toISOString()} still unfinished after ${MAX_SETTLE_MS} ms; the clock steps on`);
        return;
      }
      await new Promise((done) => setTimeout(done, POLL_MS));
    }
  }
}
