import { Injectable } from '@nestjs/common';
import { CommandType, nextDueWork } from '@app/domain';
import { CommandPlan, CommandRepository, SubscriptionRepository } from '@app/persistence';
import { DecisionContextFactory, HandlerContext, HandlerResult } from '@app/command-engine';

/**
 * Carries out a decided command (its customer-wide counters already reserved), each step safe to
 * repeat: change other subscriptions (once per command, on the version decided on), create new
 * subscriptions (ids fixed at intake), and last the target, together with its group's advance. When another
 * subscription moved on before any of the plan's changes was made, the plan is dropped and the
 * command decided again; after the first change it can only be carried forward. Others come
 * before the new subscriptions so that a dropped plan never leaves a created subscription behind
 * (a transfer decided again and refused must not leave one running on the target's side).
 */
@Injectable()
export class PlanExecutor {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly commands: CommandRepository,
    private readonly contexts: DecisionContextFactory,
  ) {}

  async execute<T extends CommandType>(context: HandlerContext<T>, plan: CommandPlan): Promise<HandlerResult> {
    const { record, seq, now } = context;
    const policy = this.contexts.policy;
    for (const other of plan.others) {
      const written = await this.subscriptions.applyCross(other, record._id, nextDueWork(other, policy), this.heldAdvance(plan, other.id, context));
      if (written === 'conflict') return this.replan(plan, record._id);
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
    if (applied) return { kind: 'applied', outcome: { ...plan.outcome, seq } };
    return plan.others.length > 0 || plan.created.length > 0 ? this.replan(plan, record._id) : { kind: 'conflict' };
  }

  /** The advance of another group the command holds a place in; its outcome says the command's own group finishes it. */
  private heldAdvance<T extends CommandType>(plan: CommandPlan, subscriptionId: string, context: HandlerContext<T>) {
    const held = plan.heldSeqs?.find((h) => h.subscriptionId === subscriptionId);
    if (!held) return undefined;
    const { charges: _charges, events: _events, customerId: _customerId, ...outcome } = plan.outcome;
    return { seq: held.seq, outcome: { ...outcome, seq: held.seq, charges: [], events: [], finishedBy: context.record.groupKey } };
  }

  /** Another writer got in first: decide again if none of the plan's changes to others was made yet. */
  private async replan(plan: CommandPlan, commandId: string): Promise<HandlerResult> {
    for (const other of plan.others) {
      if (await this.subscriptions.crossWritten(other.id, commandId)) {
        throw new Error(`command ${commandId}: ${other.id} changed after part of the plan was written; retrying`);
      }
    }
    await this.commands.dropPlan(commandId);
    return { kind: 'conflict' };
  }
}
