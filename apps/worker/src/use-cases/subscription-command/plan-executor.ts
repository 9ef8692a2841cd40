import { Injectable } from '@nestjs/common';
import { CommandType, nextDueWork } from '@app/domain';
import { CommandPlan, CommandRepository, HoldingsLedger, PlanHolds, SubscriptionRepository } from '@app/persistence';
import { CommandQueue, DecisionContextFactory, HandlerContext, HandlerResult } from '@app/command-engine';
import { PlanWaits } from './plan-waits';

/**
 * Carries out a decided command (its customer-wide counters already reserved), each step safe to
 * repeat. A plan that changes several subscriptions first holds every one it writes, on the
 * version decided on (PlanHolds); none is written before all are held, so one that moved on or is
 * held by another command's plan drops the plan, before any of its writes, and the command is
 * decided again (at once, or once that plan lets go). Once all are held nothing else writes them,
 * so the plan is always carried through, by this attempt or the next: other subscriptions (once per
 * command), new subscriptions (ids fixed at intake), and last the target with its group's advance.
 */
@Injectable()
export class PlanExecutor {
  private readonly waits: PlanWaits;

  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly holds: PlanHolds,
    private readonly commands: CommandRepository,
    ledger: HoldingsLedger,
    queue: CommandQueue,
    private readonly contexts: DecisionContextFactory,
  ) {
    this.waits = new PlanWaits(holds, commands, ledger, queue);
  }

  async execute<T extends CommandType>(context: HandlerContext<T>, plan: CommandPlan): Promise<HandlerResult> {
    const { record, seq, now } = context;
    const policy = this.contexts.policy;
    const several = plan.others.length > 0 || plan.created.length > 0;
    if (several) {
      const instead = await this.holdAll(context, plan);
      if (instead) return instead;
    }
    for (const other of plan.others) {
      const written = await this.subscriptions.applyCross(other, record._id, nextDueWork(other, policy), this.heldAdvance(plan, other.id, context));
      // Held by this plan, so only this command can have moved it: another attempt finished it.
      if (written === 'conflict') return { kind: 'conflict' };
    }
    if (plan.created.length > 0) {
      await this.subscriptions.insertNew(plan.created.map((state) => ({ state, nextDue: nextDueWork(state, policy) })), record._id, now);
    }
    const applied = await this.subscriptions.apply({
      state: plan.target,
      expectedVersion: plan.targetVersion,
      nextDue: nextDueWork(plan.target, policy),
      ...(context.outOfQueue ? { systemOutcome: plan.outcome } : { advance: { seq, commandId: record._id, outcome: { ...plan.outcome, seq } } }),
    });
    if (!applied) return several ? { kind: 'conflict' } : this.afterMiss(context, plan);
    if (several) await this.waits.wake(writtenBy(plan));
    return { kind: 'applied', outcome: { ...plan.outcome, seq } };
  }

  /**
   * Holds every subscription the plan writes, in id order (two plans sharing some meet at the
   * first they share). Undefined when all are held or written by this command; otherwise what the
   * command does instead, its plan dropped and its holds let go.
   */
  private async holdAll<T extends CommandType>(context: HandlerContext<T>, plan: CommandPlan): Promise<HandlerResult | undefined> {
    const commandId = context.record._id;
    const wanted = [{ id: plan.target.id, version: plan.targetVersion }, ...plan.others.map(({ id, version }) => ({ id, version }))];
    for (const { id, version } of wanted.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      const hold = await this.holds.hold(id, version, commandId);
      if (hold.kind === 'held' || hold.kind === 'written') continue;
      // Some of it written: what it holds cannot have moved, so the target was written (another
      // attempt finished the command), or the plan was begun before plans held their subscriptions.
      if (await this.begun(plan, commandId)) return { kind: 'conflict' };
      await this.holds.release(writtenBy(plan), commandId);
      await this.waits.wake(writtenBy(plan));
      await this.commands.dropPlan(commandId);
      return hold.kind === 'held-by' ? this.waits.behind(context, plan, id, hold.commandId) : { kind: 'conflict' };
    }
    return undefined;
  }

  /** A command on one subscription missed its write: decided again at once, or once the plan holding it lets go. */
  private async afterMiss<T extends CommandType>(context: HandlerContext<T>, plan: CommandPlan): Promise<HandlerResult> {
    const holder = await this.holds.holderOtherThan(plan.target.id, context.record._id);
    return holder ? this.waits.behind(context, plan, plan.target.id, holder) : { kind: 'conflict' };
  }

  private async begun(plan: CommandPlan, commandId: string): Promise<boolean> {
    for (const other of plan.others) if (await this.subscriptions.crossWritten(other.id, commandId)) return true;
    return false;
  }

  /** The advance of another group the command holds a place in; its outcome says the command's own group finishes it. */
  private heldAdvance<T extends CommandType>(plan: CommandPlan, subscriptionId: string, context: HandlerContext<T>) {
    const held = plan.heldSeqs?.find((h) => h.subscriptionId === subscriptionId);
    if (!held) return undefined;
    const { charges: _charges, events: _events, customerId: _customerId, ...outcome } = plan.outcome;
    return { seq: held.seq, outcome: { ...outcome, seq: held.seq, charges: [], events: [], finishedBy: context.record.groupKey } };
  }
}

/** The existing subscriptions a plan writes. */
function writtenBy(plan: CommandPlan): string[] {
  return [plan.target.id, ...plan.others.map((other) => other.id)];
}
