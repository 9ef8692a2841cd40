import { Injectable } from '@nestjs/common';
import { Command, commandNeedsCustomerSubscriptions, decide, isTimeDriven, nextDueWork, Subscription } from '@app/domain';
import {
  CustomerRepository,
  DecisionContextFactory,
  HoldingsLedger,
  PartnerRepository,
  SubscriptionDocument,
  SubscriptionRepository,
  toSubscription,
} from '@app/persistence';
import { HandlerContext, HandlerResult } from '@app/messaging';
import { commandOf } from './command-of';
import { acceptedOutcome } from './stored-outcome';

/**
 * The shape of every command on one subscription: load what the rule needs, ask the domain, and
 * write the new state with the group's advance in one conditional update on the subscription's
 * version. Before that write: customer-wide counters the decision moves are reserved on the
 * customer (committed when the command finishes), subscriptions it creates are created, and other
 * subscriptions it changes (a base's add-ons, R-ADD-2) are written with their own version checks;
 * any miss means "decide again", and deciding again sees what was already written.
 */
@Injectable()
export class SubscriptionCommandRunner {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly customers: CustomerRepository,
    private readonly partners: PartnerRepository,
    private readonly ledger: HoldingsLedger,
    private readonly contexts: DecisionContextFactory,
  ) {}

  async run(context: HandlerContext): Promise<HandlerResult> {
    const { record, seq, now } = context;
    const subscription = toSubscription(context.holder as unknown as SubscriptionDocument);
    let customer = await this.customers.get(subscription.customerId);
    if (!customer) throw new Error(`customer ${subscription.customerId} of subscription ${subscription.id} not found`);
    if (customer.reservations.some((reservation) => reservation.commandId === record._id)) {
      // Reserved by an attempt that stopped before applying: decide afresh.
      await this.ledger.release(customer.customer.id, record._id);
      customer = await this.customers.get(subscription.customerId);
      if (!customer) throw new Error(`customer ${subscription.customerId} vanished`);
    }

    const command = commandOf<Command>(record);
    const [partner, decisionContext, all] = await Promise.all([
      this.partners.find(record.partnerId),
      this.contexts.create(now),
      commandNeedsCustomerSubscriptions(command.type) ? this.subscriptions.ofCustomer(subscription.customerId) : Promise.resolve(undefined),
    ]);
    if (!partner) throw new Error(`partner ${record.partnerId} of command ${record._id} not found`);
    const decision = decide(
      { command, partner, customer: customer.customer, subscription, ...(all ? { subscriptions: all } : {}) },
      decisionContext,
    );
    if (decision.kind === 'refused') {
      if (isTimeDriven(command.type)) await this.subscriptions.setNextDue(subscription.id, nextDueWork(subscription, this.contexts.policy));
      return { kind: 'refused', error: decision.error };
    }
    if (decision.kind === 'deferred') return { kind: 'deferred', reason: decision.reason };

    const reserves = decision.holdingDeltas.length > 0;
    const outcome = acceptedOutcome(record, seq, now, decision, reserves ? customer.customer.id : undefined);
    if (reserves) {
      const reservation = { commandId: record._id, deltas: decision.holdingDeltas, at: now };
      if (!(await this.ledger.reserve(customer.customer.id, customer.version, customer.reservations, reservation))) return { kind: 'conflict' };
    }
    const policy = this.contexts.policy;
    if (decision.created.length > 0) {
      await this.subscriptions.insertNew(decision.created.map((state) => ({ state, nextDue: nextDueWork(state, policy) })), record._id, now);
    }
    for (const other of decision.updated.filter((updated) => updated.id !== subscription.id)) {
      if (!(await this.writeOther(other))) return { kind: 'conflict' };
    }
    const target = decision.updated.find((updated) => updated.id === subscription.id) ?? subscription;
    const applied = await this.subscriptions.apply({
      state: target,
      expectedVersion: subscription.version,
      nextDue: nextDueWork(target, policy),
      advance: { seq, commandId: record._id, outcome },
    });
    return applied ? { kind: 'applied', outcome } : { kind: 'conflict' };
  }

  private writeOther(state: Subscription): Promise<boolean> {
    return this.subscriptions.apply({ state, expectedVersion: state.version, nextDue: nextDueWork(state, this.contexts.policy) });
  }
}
