import { Injectable } from '@nestjs/common';
import { applyHoldingDeltas, decide, nextDueWork, PlaceOrder, Subscription } from '@app/domain';
import {
  CustomerDocument,
  CustomerRepository,
  DecisionContextFactory,
  HoldingsLedger,
  PartnerRepository,
  StoredOutcome,
  SubscriptionRepository,
  toCustomerRecord,
} from '@app/persistence';
import { CommandHandler, HandlerContext, HandlerResult } from '@app/messaging';
import { commandOf } from '../shared/command-of';
import { acceptedOutcome } from '../shared/stored-outcome';

/** What an order decided, kept in its reservation on the customer so a redelivery replays it. */
interface OrderPlan {
  created: Subscription[];
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
      const plan: OrderPlan = { created: decision.created, outcome: acceptedOutcome(record, seq, now, decision) };
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
    const others = customer.reservations.filter((reservation) => reservation.commandId !== record._id);
    const committed = await this.customers.change(customer.customer.id, customer.version, {
      holdings: applyHoldingDeltas(customer.customer.holdings, own.deltas),
      reservations: others,
      advance: { seq, commandId: record._id, outcome: plan.outcome },
    });
    return committed ? { kind: 'applied', outcome: plan.outcome } : { kind: 'conflict' };
  }
}
