import { Injectable } from '@nestjs/common';
import { Command, commandNeedsCustomerSubscriptions, decide, Decision, isTimeDriven, nextDueWork, Partner } from '@app/domain';
import {
  CommandRepository,
  CustomerRecord,
  CustomerRepository,
  HoldingsLedger,
  PartnerRepository,
  SubscriptionDocument,
  SubscriptionRepository,
  toSubscription,
} from '@app/persistence';
import { DecisionContextFactory, HandlerContext, HandlerResult } from '@app/command-engine';
import { commandOf } from './command-of';
import { CrossSubscriptionPlan, PlanExecutor } from './plan-executor';
import { acceptedOutcome } from './stored-outcome';

type Accepted = Extract<Decision, { kind: 'accepted' }>;

/** What a use case adds to the runner's reads: partners the command names, places held in other groups. */
export interface RunOptions {
  partners?: Partner[];
  heldSeqs?: CrossSubscriptionPlan['heldSeqs'];
}

/**
 * The shape of every command on one subscription: load what the rule needs, ask the domain, and
 * write the new state with the group's advance in one conditional update on the subscription's
 * version. Customer-wide counters the decision moves are reserved on the customer first (committed
 * when the command finishes), so concurrent commands on other subscriptions of the customer see
 * them. A decision that also creates or changes other subscriptions is saved as a plan first and
 * carried out step by step (PlanExecutor), so a redelivery never decides again on half its writes.
 */
@Injectable()
export class SubscriptionCommandRunner {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly customers: CustomerRepository,
    private readonly partners: PartnerRepository,
    private readonly commands: CommandRepository,
    private readonly ledger: HoldingsLedger,
    private readonly contexts: DecisionContextFactory,
    private readonly plans: PlanExecutor,
  ) {}

  async run(context: HandlerContext, options: RunOptions = {}): Promise<HandlerResult> {
    const { record } = context;
    if (record.plan) return this.plans.execute(context, record.plan as unknown as CrossSubscriptionPlan);

    const subscription = toSubscription(context.holder as unknown as SubscriptionDocument);
    const customer = await this.customerWithoutStaleReservation(subscription.customerId, record._id);
    const command = commandOf<Command>(record);
    const [partner, decisionContext, all] = await Promise.all([
      this.partners.find(record.partnerId),
      this.contexts.create(context.now),
      commandNeedsCustomerSubscriptions(command.type) ? this.subscriptions.ofCustomer(subscription.customerId) : Promise.resolve(undefined),
    ]);
    if (!partner) throw new Error(`partner ${record.partnerId} of command ${record._id} not found`);
    const decision = decide(
      { command, partner, customer: customer.customer, subscription, ...(all ? { subscriptions: all } : {}), ...(options.partners ? { partners: options.partners } : {}) },
      decisionContext,
    );
    if (decision.kind === 'refused') {
      if (isTimeDriven(command.type)) await this.subscriptions.setNextDue(subscription.id, nextDueWork(subscription, this.contexts.policy));
      return { kind: 'refused', error: decision.error };
    }
    if (decision.kind === 'deferred') return { kind: 'deferred', reason: decision.reason };

    // Reserved on the customer version the decision read: a concurrent command's reservation makes
    // this write miss, and the command is decided again seeing it (customer-wide rules, R-ADD-*).
    if (decision.holdingDeltas.length > 0) {
      const reservation = { commandId: record._id, deltas: decision.holdingDeltas, at: context.now };
      if (!(await this.ledger.reserve(customer.customer.id, customer.version, customer.reservations, reservation))) return { kind: 'conflict' };
    }
    const plan = { ...this.planOf(context, subscription.version, customer, decision), ...(options.heldSeqs ? { heldSeqs: options.heldSeqs } : {}) };
    const others = decision.updated.filter((updated) => updated.id !== subscription.id);
    if (others.length > 0 || decision.created.length > 0) {
      return this.plans.execute(context, await this.commands.savePlan(record._id, plan as unknown as Record<string, unknown>) as unknown as CrossSubscriptionPlan);
    }
    return this.plans.execute(context, plan);
  }

  private planOf(context: HandlerContext, version: number, customer: CustomerRecord, decision: Accepted): CrossSubscriptionPlan {
    const subscriptionId = context.group.id;
    const reserves = decision.holdingDeltas.length > 0;
    return {
      targetVersion: version,
      target: decision.updated.find((updated) => updated.id === subscriptionId) ?? toSubscription(context.holder as unknown as SubscriptionDocument),
      created: decision.created,
      others: decision.updated.filter((updated) => updated.id !== subscriptionId),
      holdingDeltas: decision.holdingDeltas,
      // The version the subscription has after this command, for the caller's next If-Match (R-CON-1).
      outcome: acceptedOutcome(context.record, context.seq, context.now, decision, {
        ...(reserves ? { reservedOnCustomer: customer.customer.id } : {}),
        extraResult: { subscriptionVersion: version + 1 },
      }),
    };
  }

  /** A reservation left by an attempt that stopped before applying is dropped: the command is decided afresh. */
  private async customerWithoutStaleReservation(customerId: string, commandId: string): Promise<CustomerRecord> {
    let customer = await this.customers.get(customerId);
    if (customer?.reservations.some((reservation) => reservation.commandId === commandId)) {
      await this.ledger.release(customerId, commandId);
      customer = await this.customers.get(customerId);
    }
    if (!customer) throw new Error(`customer ${customerId} not found`);
    return customer;
  }
}
