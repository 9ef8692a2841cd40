import { Injectable } from '@nestjs/common';
import { CommandQueue, CommandSubmitter } from '@app/command-engine';
import { isTimeDriven } from '@app/domain';
import { DueAgenda, DueAgendaRepository, DueCommand, groupKey, GroupRef, SubscriptionRepository } from '@app/persistence';
import { ServiceClock } from '@app/platform';
import { InstantWork, together } from './instant-work';
import { RenewalCompleter } from './renewal-completer';
import { ReminderSender } from './reminder-sender';
import { DUE_BATCH, inParallel } from './due-work';
import { oneAtATime } from './one-at-a-time';
import { timeCommandId } from './time-command-id';

/**
 * The time processes (architecture.md, "Time"): finds subscriptions whose next time-driven command
 * is due (the due-work index, DueAgendaRepository) and submits that command into the subscription's
 * queue like any other, so a renewal and a quantity change on one subscription are serialized. A
 * renewal's completion is the exception (see RenewalCompleter). Any number of workers may tick: the
 * command ids of due work are derived from the work, so the same work is submitted once.
 */
@Injectable()
export class TimeKeeper {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly agenda: DueAgendaRepository,
    private readonly submitter: CommandSubmitter,
    private readonly completer: RenewalCompleter,
    private readonly reminders: ReminderSender,
    private readonly queue: CommandQueue,
    private readonly clock: ServiceClock,
  ) {}

  /** On real time: submits (or completes) everything due now; answers how many were due. One tick at a time per process. */
  readonly tick = oneAtATime(() => this.run());

  /** Finishes the out-of-queue changes a dead worker wrote but did not finish. */
  async recover(): Promise<void> {
    for (const pending of await this.subscriptions.withSystemOutcome(DUE_BATCH)) await this.completer.finishPending(pending);
  }

  private async run(): Promise<number> {
    const now = await this.clock.now();
    await this.recover();
    let count = 0;
    for (;;) {
      const agenda = await this.agenda.read(now, now, DUE_BATCH);
      count += (await this.runAt(agenda, now)).count;
      if (!agenda.more) return count;
    }
  }

  /**
   * Sets going all of an agenda's work due at `now`: time-driven commands and completions (different
   * subscriptions, so in parallel; one subscription's work is one item at a time), reminders, and
   * the deferred groups whose wait is over (on the sandbox clock BullMQ's real-time delays do not
   * know when that is). Answers what to wait for.
   */
  async runAt(agenda: DueAgenda, now: Date): Promise<InstantWork> {
    const parts: InstantWork[] = [];
    await inParallel(agenda.commands, async (work) => void parts.push(await this.runDue(work, now)));
    const reminded = await this.reminders.send(agenda.reminders, now);
    for (const group of agenda.deferred) await this.queue.wakeNow(groupKey(group), 'retry');
    parts.push({ commands: [], groups: agenda.deferred, count: reminded + agenda.deferred.length });
    return together(parts);
  }

  private async runDue(work: DueCommand, now: Date): Promise<InstantWork> {
    const group: GroupRef = { kind: 'subscription', id: work.id };
    // The completion wakes the subscription's queue: the commands it deferred apply at this instant.
    if (work.type === 'complete-renewal') {
      await this.completer.complete(work.id, work.at, now);
      return { commands: [], groups: [group], count: 1 };
    }
    if (!isTimeDriven(work.type)) return { commands: [], groups: [], count: 0 };
    const { record } = await this.submitter.submit({
      command: { type: work.type, commandId: timeCommandId(work.id, work.type, work.at), subscriptionId: work.id },
      actor: { userId: 'system', partnerId: null, roles: ['system'] },
      partnerId: work.partnerId,
      customerId: work.customerId,
      subscriptionId: work.id,
      subscriptionIds: [work.id],
      group,
      requestHash: 'time',
    });
    return { commands: [record._id], groups: [], count: 1 };
  }
}
