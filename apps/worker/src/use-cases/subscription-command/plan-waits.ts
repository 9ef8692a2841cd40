import { CommandQueue, HandlerContext, HandlerResult } from '@app/command-engine';
import { CommandType } from '@app/domain';
import { CommandPlan, CommandRepository, FINAL_STATUSES, HoldingsLedger, PlanHolds } from '@app/persistence';

/**
 * A command that met a subscription held by another command's plan waits for it: its group is
 * listed on the subscription and woken when the holder lets go (the reconciler wakes it too,
 * should the holder die in between). It does not count as an attempt.
 */
export class PlanWaits {
  constructor(
    private readonly holds: PlanHolds,
    private readonly commands: CommandRepository,
    private readonly ledger: HoldingsLedger,
    private readonly queue: CommandQueue,
  ) {}

  /** Waits behind `holder`, or goes again at once ('conflict') when it let go meanwhile. Its reservation on the customer is dropped while it waits. */
  async behind<T extends CommandType>(context: HandlerContext<T>, plan: CommandPlan, subscriptionId: string, holder: string): Promise<HandlerResult> {
    const { record } = context;
    const holding = await this.commands.get(holder);
    if (!holding || FINAL_STATUSES.includes(holding.status)) {
      // Its command finished without carrying its plan out (it failed after its last attempt).
      await this.holds.release([subscriptionId], holder);
      return { kind: 'conflict' };
    }
    if (!(await this.holds.waitFor(subscriptionId, holder, record.groupKey))) return { kind: 'conflict' };
    if (plan.outcome.customerId) await this.ledger.release(plan.outcome.customerId, record._id);
    return { kind: 'waiting' };
  }

  /** Wakes the groups waiting for these subscriptions, once the plan let go of them. */
  async wake(subscriptionIds: string[]): Promise<void> {
    for (const group of await this.holds.takeWaiters(subscriptionIds)) await this.queue.wake(group, 'plan-done');
  }
}
