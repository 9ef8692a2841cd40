import { Injectable } from '@nestjs/common';
import { CommandQueue, CommandSubmitter } from '@app/command-engine';
import { isTimeDriven } from '@app/domain';
import { GroupQueueRepository, groupKey, SubscriptionRepository } from '@app/persistence';
import { ServiceClock } from '@app/platform';
import { RenewalCompleter } from './renewal-completer';
import { ReminderSender } from './reminder-sender';
import { DUE_BATCH, inParallel } from './due-work';
import { oneAtATime } from './one-at-a-time';
import { timeCommandId } from './time-command-id';


/**
 * The time processes (architecture.md, "Time"): finds subscriptions whose next time-driven command
 * is due (an indexed query on nextDueAt) and submits that command into the subscription's queue like
 * any other, so a renewal and a quantity change on one subscription are serialized. A renewal's
 * completion is the exception (see RenewalCompleter). Any number of workers may tick: the command
 * ids of due work are derived from the work, so the same work is submitted once.
 */
@Injectable()
export class TimeKeeper {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly submitter: CommandSubmitter,
    private readonly completer: RenewalCompleter,
    private readonly reminders: ReminderSender,
    private readonly groups: GroupQueueRepository,
    private readonly queue: CommandQueue,
    private readonly clock: ServiceClock,
  ) {}

  /**
   * Submits (or completes) everything due now and wakes deferred groups whose retry time has come
   * (on the sandbox clock, BullMQ's real-time delays do not know when that is); answers how many
   * were due. One tick at a time per process.
   */
  readonly tick = oneAtATime(() => this.run());

  private async run(): Promise<number> {
    const now = await this.clock.now();
    for (const pending of await this.subscriptions.withSystemOutcome(DUE_BATCH)) await this.completer.finishPending(pending);
    const due = await this.subscriptions.dueBy(now, DUE_BATCH);
    await inParallel(due, (work) => this.runDue(work, now));
    const reminded = await this.reminders.sendDue(now);
    const deferred = await this.groups.deferredUntilOrBefore(now);
    for (const group of deferred) await this.queue.wakeNow(groupKey(group), 'retry');
    return due.length + reminded + deferred.length;
  }

  private async runDue(work: { id: string; type: string; at: Date; partnerId: string; customerId: string }, now: Date): Promise<void> {
    if (work.type === 'complete-renewal') return this.completer.complete(work.id, work.at, now);
    if (!isTimeDriven(work.type)) return;
    await this.submitter.submit({
      command: { type: work.type, commandId: timeCommandId(work.id, work.type, work.at), subscriptionId: work.id },
      actor: { userId: 'system', partnerId: null, roles: ['system'] },
      partnerId: work.partnerId,
      customerId: work.customerId,
      subscriptionId: work.id,
      subscriptionIds: [work.id],
      group: { kind: 'subscription', id: work.id },
      requestHash: 'time',
    });
  }
}
