import { Injectable } from '@nestjs/common';
import { applyHoldingDeltas, decide, nextDueWork, PlaceOrder, Subscription } from '@app/domain';
import {
  CustomerDocument,
  CustomerRepository,
  HoldingsLedger,
  PartnerRepository,
  StoredOutcome,
  SubscriptionRepository,
  toCustomerRecord,
} from '@app/persistence';
import { CommandHandler, DecisionContextFactory, HandlerContext, HandlerResult } from '@app/command-engine';
import { commandOf } from '../shared/command-of';
import { acceptedOutcome } from '../shared/stored-outcome';

/** What an order decided, kept in its reservation on the customer so a redelivery replays it. */
interface OrderPlan {
  created: Subscription[];
  /**
   * Existing subscriptions the order changes, and which of their fields: a base's add-on list
   * (R-ADD-3) and redundant licenses (R-UPG-9). Only orders write those fields, and a customer's
   * orders run one at a time, so they can be written onto whatever else changed meanwhile.
   */
  updated: { state: Subscription; fields: (keyof Subscription)[] }[];
  outcome: StoredOutcome;
}

/**
 * R-ORD-1: all-or-nothing. The order is decided once; the decision (new subscriptions, counters)
 * is reserved on the customer in one conditional write, the subscriptions are created with the ids
 * given at intake, and the final write commits the counters and finishes the customer's group step.
 * A crash anywhere is finished by the next attempt from the reservation, never decided twice.
 */
@Injectable()
export class PlaceOrderUseCase implements CommandHandler {
  readonly type = 'place-order';

  constructor(
    private readonly customers: CustomerRepository,
    private readonly partners: PartnerRepository,
    private readonly subscriptions: SubscriptionRepository,
    private readonly ledger: HoldingsLedger,
    private readonly contexts: DecisionContextFactory,
  ) {}

  async handle(context: HandlerContext): Promise<HandlerResult> {
    const { record, seq, now } = context;
    let customer = toCustomerRecord(context.holder as unknown as CustomerDocument);
    let own = customer.reservations.find((reservation) => reservation.commandId === record._id);

    if (!own) {
      const command = commandOf<PlaceOrder>(record);
      const named = [command.resellerId, ...(command.additionalResellerIds ?? [])].filter((id): id is string => Boolean(id));
      const [partner, partners, existing, decisionContext] = await Promise.all([
        this.partners.find(record.partnerId),
        this.partners.findMany(named),
        this.subscriptions.ofCustomer(customer.customer.id),
        this.contexts.create(now),
      ]);
      if (!partner) throw new Error(`partner ${record.partnerId} of command ${record._id} not found`);
      const decision = decide({ command, partner, customer: customer.customer, subscriptions: existing, partners }, decisionContext);
      if (decision.kind === 'refused') return { kind: 'refused', error: decision.error };
      if (decision.kind === 'deferred') return { kind: 'deferred', reason: decision.reason };
      const plan: OrderPlan = {
        created: decision.created,
        updated: decision.updated.map((state) => ({ state, fields: changedFields(existing.find((s) => s.id === state.id), state) })),
        outcome: acceptedOutcome(record, seq, now, decision),
      };
      own = { commandId: record._id, deltas: decision.holdingDeltas, plan: plan as unknown as Record<string, unknown>, at: now };
      if (!(await this.ledger.reserve(customer.customer.id, customer.version, customer.reservations, own))) return { kind: 'conflict' };
      customer = { ...customer, version: customer.version + 1, reservations: [...customer.reservations, own] };
    }

    const plan = own.plan as unknown as OrderPlan;
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
