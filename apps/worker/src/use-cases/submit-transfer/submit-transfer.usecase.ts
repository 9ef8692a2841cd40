import { Injectable } from '@nestjs/common';
import { DomainError, resolveDeferral } from '@app/domain';
import { CommandDispatcher, CommandFinalizer, CommandHandler, CommandQueue, DecisionContextFactory, HandlerContext, HandlerResult } from '@app/command-engine';
import { CommandDocument, CommandPlan, CommandRepository, GroupQueueRepository, groupKey, parseGroupKey, TransferRepository } from '@app/persistence';
import { SubscriptionCommandUseCase } from '../subscription-command/subscription-command.usecase';

type HeldSeqs = NonNullable<CommandPlan['heldSeqs']>;

/**
 * R-TRA-2/3: moves the chosen subscriptions to the target partner. The command is queued in the
 * first chosen subscription's group and holds a place in each other one's (docs/architecture.md,
 * "Transfers"): it is applied once it is at the head of all of them, so every command accepted
 * before it on any of them is applied first, and every one accepted after it meets the moved state.
 * The writes are one plan (PlanExecutor): the others ended with their groups' advance, the new
 * subscriptions on the target's side, the first subscription last.
 */
@Injectable()
export class SubmitTransferUseCase implements CommandHandler<'submit-transfer'> {
  constructor(
    private readonly runner: SubscriptionCommandUseCase,
    private readonly groups: GroupQueueRepository,
    private readonly dispatcher: CommandDispatcher,
    private readonly queue: CommandQueue,
    private readonly transfers: TransferRepository,
    private readonly commands: CommandRepository,
    private readonly contexts: DecisionContextFactory,
    private readonly finalizer: CommandFinalizer,
  ) {}

  async handle(context: HandlerContext<'submit-transfer'>): Promise<HandlerResult> {
    const { record, command } = context;
    if (groupKey(context.group) !== record.groupKey) {
      // A place held in another chosen subscription's group: the command's own group applies it.
      await this.queue.wake(record.groupKey, 'held-ready');
      return { kind: 'waiting' };
    }
    let heldSeqs: HeldSeqs | undefined;
    if (!record.plan) {
      const transfer = await this.transfers.get(command.transferId);
      if (transfer?.commandId !== record._id) {
        return { kind: 'refused', error: new DomainError('TRANSFER_NOT_ALLOWED', 'This transfer was submitted again meanwhile.', { reason: 'NOT_PENDING' }) };
      }
      const held = await this.placesHeld(record);
      if (held === 'crossed') {
        return { kind: 'refused', error: new DomainError('TRANSFER_NOT_ALLOWED', 'Another transfer of these subscriptions was submitted at the same moment; submit this one again once it finished.', { reason: 'CONCURRENT_TRANSFER' }) };
      }
      if (held === 'waiting') return { kind: 'waiting' };
      heldSeqs = held;
    }
    // The target partner, which the decision reads, is loaded with the input (DecisionInputLoader).
    const result = await this.runner.run(context, heldSeqs ? { heldSeqs } : {});
    if (result.kind === 'applied') await this.transfers.complete(command.transferId, record._id, context.now);
    if (result.kind === 'deferred') await this.deferHeldGroups(record, context.now, result.reason);
    return result;
  }

  /**
   * R-REN-4: the other chosen subscriptions' groups wait as long as the transfer's own (the pump
   * defers that one), so the commands behind the transfer there show `deferred` too, and a moved
   * sandbox clock sees nothing left to run until the retry time.
   */
  private async deferHeldGroups(record: CommandDocument, now: Date, reason: string): Promise<void> {
    const deferral = resolveDeferral(record.acceptedAt, now, this.contexts.policy);
    if (deferral.kind !== 'deferred') return;
    for (const key of record.heldGroups ?? []) {
      const ref = parseGroupKey(key);
      await this.groups.defer(ref, deferral.nextAttemptAt, reason);
      const behind = ((await this.groups.load(ref))?.queue.pending ?? []).filter((id) => id !== record._id);
      for (const id of behind) await this.commands.markWaiting(id, reason, deferral.nextAttemptAt);
    }
  }

  /**
   * The command's place in each other group, once it is at the head of every one; 'waiting' while
   * a group still has earlier commands (that group's pump wakes this one when it reaches it).
   */
  private async placesHeld(record: CommandDocument): Promise<HeldSeqs | 'waiting' | 'crossed'> {
    const seqs: HeldSeqs = [];
    const headOf = new Set([record.groupKey]);
    const blockers: string[] = [];
    let waiting = false;
    for (const key of record.heldGroups ?? []) {
      const ref = parseGroupKey(key);
      const holder = await this.groups.load(ref);
      if (!holder) continue; // no such subscription: the decision refuses it
      const head = holder.queue.pending[0];
      if (head === record._id) {
        // The transfer's advance there clears the group's last run: its records are finished first
        // (their worker may have died after the run's write, and that group's pump not run since).
        await this.finalizer.recover(holder);
        seqs.push({ subscriptionId: ref.id, seq: holder.lastAppliedSeq + 1 });
        headOf.add(key);
      } else {
        waiting = true;
        if (head) blockers.push(head);
        // Not enlisted there (intake stopped half-way): enlisting is idempotent.
        if (!holder.queue.pending.includes(record._id)) await this.dispatcher.enlist(ref, record._id, record.type);
      }
    }
    if (!waiting) return seqs;
    return (await this.crossed(record, headOf, blockers)) ? 'crossed' : 'waiting';
  }

  /**
   * Two transfers sharing subscriptions, each at the head of a group the other waits for, would
   * wait for ever: the younger one (ids are time-ordered) gives way and is refused. An older one
   * wakes the younger's group, so that it finds out.
   */
  private async crossed(record: CommandDocument, headOf: Set<string>, blockers: string[]): Promise<boolean> {
    for (const id of blockers) {
      const other = await this.commands.get(id);
      if (other?.type !== record.type || ![other.groupKey, ...(other.heldGroups ?? [])].some((key) => headOf.has(key))) continue;
      if (other._id < record._id) return true;
      await this.queue.wake(other.groupKey, 'transfer-crossed');
    }
    return false;
  }
}
