import { Injectable } from '@nestjs/common';
import { applyHoldingDeltas, decide, nextDueWork, Subscription } from '@app/domain';
import { CommandHandler, DecisionContextFactory, DecisionInputLoader, HandlerContext, HandlerResult } from '@app/command-engine';
import { customerHolder, CustomerRepository, HoldingsLedger, OrderPlan, SubscriptionRepository, toCustomerRecord } from '@app/persistence';
import { acceptedOutcome } from '../stored-outcome';

/**
 * R-ORD-1: all-or-nothing. The order is decided once; the decision (new subscriptions, counters)
 * is reserved on the customer in one conditional write, the subscriptions are created with the ids
 * given at intake, and the final write commits the counters and finishes the customer's group step.
 * A crash anywhere is finished by the next attempt from the reservation, never decided twice.
 */
@Injectable()
export class PlaceOrderUseCase implements CommandHandler<'place-order'> {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly subscriptions: SubscriptionRepository,
    private readonly ledger: HoldingsLedger,
    private readonly inputs: DecisionInputLoader,
    private readonly contexts: DecisionContextFactory,
  ) {}

  async handle(context: HandlerContext<'place-order'>): Promise<HandlerResult> {
    const { record, seq, now } = context;
    let customer = toCustomerRecord(customerHolder(context.holder));
    let own = customer.reservations.find((reservation) => reservation.commandId === record._id);

    if (!own) {
      const { input, context: decisionContext } = await this.inputs.load(context.command, record.partnerId, customer.customer, now);
      const existing = input.subscriptions ?? [];
      const decision = decide(input, decisionContext);
      if (decision.kind === 'refused') return { kind: 'refused', error: decision.error };
      if (decision.kind === 'deferred') return { kind: 'deferred', reason: decision.reason };
      const plan: OrderPlan = {
        created: decision.created,
        updated: decision.updated.map((state) => ({ state, fields: changedFields(existing.find((s) => s.id === state.id), state) })),
        outcome: acceptedOutcome(record, seq, now, decision),
      };
      own = { commandId: record._id, deltas: decision.holdingDeltas, plan, at: now };
      if (!(await this.ledger.reserve(customer.customer.id, customer.version, customer.reservations, own))) return { kind: 'conflict' };
      customer = { ...customer, version: customer.version + 1, reservations: [...customer.reservations, own] };
    }

    const plan = own.plan;
    if (!plan) throw new Error(`order ${record._id}: its reservation holds no plan`);
    const policy = this.contexts.policy;
    await this.subscriptions.insertNew(
      plan.created.map((state) => ({ state, nextDue: nextDueWork(state, policy) })),
      record._id,
      now,
    );
    for (const change of plan.updated) await this.writeOnto(change, record._id);
    const others = customer.reservations.filter((reservation) => reservation.commandId !== record._id);
    const committed = await this.customers.change(customer.customer.id, customer.version, {
      holdings: applyHoldingDeltas(customer.customer.holdings, own.deltas),
      reservations: others,
      advance: { seq, commandId: record._id, outcome: plan.outcome },
    });
    return committed ? { kind: 'applied', outcome: plan.outcome } : { kind: 'conflict' };
  }

  /** Writes the order's fields onto the subscription as it is now (once per order). */
  private async writeOnto(change: OrderPlan['updated'][number], commandId: string): Promise<void> {
    let state = change.state;
    for (let attempt = 0; attempt < 20; attempt++) {
      if ((await this.subscriptions.applyCross(state, commandId, nextDueWork(state, this.contexts.policy))) !== 'conflict') return;
      const current = await this.subscriptions.get(state.id);
      if (!current) return;
      state = { ...current, ...Object.fromEntries(change.fields.map((field) => [field, change.state[field]])) };
    }
    throw new Error(`order ${commandId}: could not update subscription ${state.id}`);
  }
}

function changedFields(before: Subscription | undefined, after: Subscription): (keyof Subscription)[] {
  return (Object.keys(after) as (keyof Subscription)[]).filter((key) => key !== 'version' && JSON.stringify(before?.[key]) !== JSON.stringify(after[key]));
}
