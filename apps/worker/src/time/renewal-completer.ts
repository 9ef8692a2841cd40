import { Injectable, Logger } from '@nestjs/common';
import { CommandFinalizer, CommandHandlerRegistry, CommandQueue, CommandSubmitter, HandlerResult, inCommandLogContext } from '@app/command-engine';
import { CompleteRenewal } from '@app/domain';
import { CommandDocument, CommandRepository, FINAL_STATUSES, GroupQueueRepository, groupKey, SubscriptionDocument, SubscriptionRepository } from '@app/persistence';
import { PinoLogger } from 'nestjs-pino';
import { timeCommandId } from './time-command-id';

/**
 * Completes a renewal (R-REN-3) outside the subscription's queue: the commands waiting in the queue
 * are the ones deferred *because* the renewal is in progress (R-REN-4), so the completion cannot
 * wait behind them. Nothing else writes the subscription meanwhile (every command on it defers or
 * is read-only), and the write is guarded by the subscription's version. The outcome is written with
 * the change and finished after; then the queue is woken so deferred commands apply at once.
 */
@Injectable()
export class RenewalCompleter {
  private readonly logger = new Logger(RenewalCompleter.name);

  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly commands: CommandRepository,
    private readonly submitter: CommandSubmitter,
    private readonly handlers: CommandHandlerRegistry,
    private readonly finalizer: CommandFinalizer,
    private readonly groups: GroupQueueRepository,
    private readonly queue: CommandQueue,
    private readonly pino: PinoLogger,
  ) {}

  async complete(subscriptionId: string, dueAt: Date, now: Date): Promise<void> {
    let doc = await this.subscriptions.document(subscriptionId);
    if (doc?.systemOutcome) doc = await this.finishPending(doc);
    if (!doc || doc.nextDueType !== 'complete-renewal') return;

    const command: CompleteRenewal = { type: 'complete-renewal', commandId: timeCommandId(subscriptionId, 'complete-renewal', dueAt), subscriptionId };
    const { record } = await this.submitter.submitOutOfQueue({
      command,
      actor: { userId: 'system', partnerId: null, roles: ['system'] },
      partnerId: doc.partnerId,
      customerId: doc.customerId,
      subscriptionId,
      subscriptionIds: [subscriptionId],
      group: { kind: 'subscription', id: subscriptionId },
      requestHash: 'time',
      acceptedAt: now,
    });
    if (FINAL_STATUSES.includes(record.status)) return;
    await inCommandLogContext(this.pino, record, () => this.apply(record, command, doc, now));
  }

  /** Applies the completion (read again after a concurrent write) and finishes it. */
  private async apply(record: CommandDocument, command: CompleteRenewal, doc: SubscriptionDocument, now: Date): Promise<void> {
    const subscriptionId = doc._id;
    let result: HandlerResult = { kind: 'conflict' };
    for (let attempt = 0; attempt < 5 && result.kind === 'conflict'; attempt++) {
      const current = attempt === 0 ? doc : await this.subscriptions.document(subscriptionId);
      if (!current) return;
      result = await this.handlers.handle({ record, command, seq: 0, holder: current, group: { kind: 'subscription', id: subscriptionId }, now, outOfQueue: true });
    }
    if (result.kind === 'applied') {
      await this.finalizer.finishOutOfQueue(subscriptionId, record, result.outcome);
      await this.resumeQueue(subscriptionId);
    } else if (result.kind === 'refused') {
      await this.commands.finish(record._id, { seq: 0, status: 'failed', error: { code: result.error.code, message: result.error.message }, at: now });
    } else {
      this.logger.warn(`renewal of ${subscriptionId} not completed yet (${result.kind}); the next tick tries again`);
    }
  }

  /** A worker died between writing a completion and finishing it: finish it now. */
  async finishPending(doc: SubscriptionDocument): Promise<SubscriptionDocument | null> {
    const outcome = doc.systemOutcome;
    if (!outcome) return doc;
    const record = await this.commands.get(outcome.commandId);
    if (record) await inCommandLogContext(this.pino, record, () => this.finalizer.finishOutOfQueue(doc._id, record, outcome));
    else await this.subscriptions.clearSystemOutcome(doc._id, outcome.commandId);
    await this.resumeQueue(doc._id);
    return this.subscriptions.document(doc._id);
  }

  /** Wakes the commands the renewal deferred; a queue holding none (most) is left alone, which saves a write and a wake-up per renewal. */
  private async resumeQueue(subscriptionId: string): Promise<void> {
    const after = await this.subscriptions.document(subscriptionId);
    if (after && after.queue.pending.length === 0 && !after.queue.deferredUntil) return;
    const group = { kind: 'subscription' as const, id: subscriptionId };
    await this.groups.resume(group);
    await this.queue.wakeNow(groupKey(group), 'renewal-completed');
  }
}
