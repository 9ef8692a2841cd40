import { Injectable } from '@nestjs/common';
import { applyHoldingDeltas, commandNeedsCustomerSubscriptions, CommandType, decide, Decision, Holding, isTimeDriven, nextDueWork } from '@app/domain';
import {
  CommandHandler,
  DecisionContextFactory,
  DecisionInputLoader,
  HandlerContext,
  HandlerResult,
  refusedOutcome,
  RunContext,
  RunHandler,
} from '@app/command-engine';
import {
  CommandPlan,
  CommandRepository,
  CustomerRecord,
  CustomerRepository,
  HoldingsLedger,
  StoredOutcome,
  subscriptionHolder,
  SubscriptionRepository,
  toSubscription,
} from '@app/persistence';
import { acceptedOutcome } from '../stored-outcome';
import { PlanExecutor } from './plan-executor';

type Accepted = Extract<Decision, { kind: 'accepted' }>;

/** The commands on one subscription: every type but orders and transfers (customer-wide). */
export type SubscriptionCommandType = Exclude<CommandType, 'place-order' | 'submit-transfer'>;

/** What a use case adds to the shared one: places held in other groups (a transfer). */
export interface RunOptions {
  heldSeqs?: CommandPlan['heldSeqs'];
}

/**
 * The use case of every command on one subscription: load what the rule needs, ask the domain,
 * and write the new state with the group's advance in one conditional update on the subscription's
 * version. Customer-wide counters the decision moves are reserved on the customer first (committed
 * when the command finishes), so concurrent commands on other subscriptions of the customer see
 * them. A decision that also creates or changes other subscriptions is saved as a plan first and
 * carried out step by step (PlanExecutor), so a redelivery never decides again on half its writes.
 */
@Injectable()
export class SubscriptionCommandUseCase implements CommandHandler<SubscriptionCommandType>, RunHandler {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly customers: CustomerRepository,
    private readonly commands: CommandRepository,
    private readonly ledger: HoldingsLedger,
    private readonly inputs: DecisionInputLoader,
    private readonly contexts: DecisionContextFactory,
    private readonly plans: PlanExecutor,
  ) {}

  handle(context: HandlerContext<SubscriptionCommandType>): Promise<HandlerResult> {
    return this.run(context);
  }

  /** Decides and applies the context's command on its subscription. */
  async run<T extends CommandType>(context: HandlerContext<T>, options: RunOptions = {}): Promise<HandlerResult> {
    const { record, command } = context;
    if (record.plan) return this.plans.execute(context, record.plan);

    const subscription = toSubscription(subscriptionHolder(context.holder));
    // Decided on the customer's counters and reserved on the version decided on, with the other
    // counted commands on the customer this process decides at once (HoldingsLedger): a concurrent
    // write of the customer elsewhere makes them decide again (customer-wide rules, R-ADD-*).
    const decision = await this.ledger.decideAndReserve(subscription.customerId, record._id, context.now, async (customer) => {
      const { input, context: decisionContext } = await this.inputs.load(command, record.partnerId, customer.customer, context.now, subscription);
      const decided = decide(input, decisionContext);
      return { result: decided, deltas: decided.kind === 'accepted' ? decided.holdingDeltas : [] };
    });
    if (decision.kind === 'refused') {
      if (isTimeDriven(command.type)) await this.subscriptions.setNextDue(subscription.id, nextDueWork(subscription, this.contexts.policy));
      return { kind: 'refused', error: decision.error };
    }
    if (decision.kind === 'deferred') return { kind: 'deferred', reason: decision.reason };

    const plan = { ...this.planOf(context, subscription.version, subscription.customerId, decision), ...(options.heldSeqs ? { heldSeqs: options.heldSeqs } : {}) };
    if (plan.others.length > 0 || plan.created.length > 0) return this.plans.execute(context, await this.commands.savePlan(record._id, plan));
    return this.plans.execute(context, plan);
  }

  /**
   * Group commit: decides the run's commands one after the other on the state the one before left
   * (a refusal leaves it as it was), exactly as one at a time would at this instant, and writes the
   * state after the last with the group's advance past all of them and their outcomes, in one
   * conditional update. Customer-wide counters join too: each command is decided on the customer's
   * holdings plus the deltas of the run's earlier accepted commands, and the run's total is reserved
   * once on the customer version they read, keyed by the head (a miss: 'conflict'), before the
   * write; each counted outcome names that reservation (`reservedAs`), committed when the run is
   * finished. The run stops before a command that needs more than its own subscription: time-driven
   * work, a rule reading the customer's other subscriptions, other subscriptions to write, a stale
   * reservation of its own behind the head, or a deferral (R-REN-4); the pump takes that one alone.
   */
  async applyRun(run: RunContext): Promise<StoredOutcome[] | 'conflict'> {
    const start = toSubscription(subscriptionHolder(run.holder));
    let customer: CustomerRecord | undefined;
    let state = start;
    let accepted = 0;
    let deltas: Holding[] = [];
    let counted = false;
    const outcomes: StoredOutcome[] = [];
    for (let step = await run.next(); step; step = await run.next()) {
      const { record, command, seq, refusal } = step;
      if (isTimeDriven(command.type) || commandNeedsCustomerSubscriptions(command.type)) break;
      // The head's reservation is the run's: one left by an attempt that died before the write is dropped.
      if (!customer) customer = await this.customerWithoutStaleReservation(start.customerId, record._id);
      else if (customer.reservations.some((reservation) => reservation.commandId === record._id)) break;
      if (refusal) {
        outcomes.push(refusedOutcome(record, seq, run.now, refusal));
        continue;
      }
      const holdings = { ...customer.customer, holdings: applyHoldingDeltas(customer.customer.holdings, deltas) };
      const { input, context } = await this.inputs.load(command, record.partnerId, holdings, run.now, state);
      const decision = decide(input, context);
      if (decision.kind === 'refused') {
        outcomes.push(refusedOutcome(record, seq, run.now, decision.error));
        continue;
      }
      if (decision.kind === 'deferred' || decision.created.length > 0) break;
      if (decision.updated.some((updated) => updated.id !== state.id)) break;
      const counts = decision.holdingDeltas.length > 0;
      const reserved = counts ? { reservedOnCustomer: customer.customer.id, reservedAs: outcomes.length === 0 ? record._id : outcomes[0].commandId } : {};
      outcomes.push(acceptedOutcome(record, seq, run.now, decision, { ...reserved, extraResult: { subscriptionVersion: state.version + 1 } }));
      state = { ...(decision.updated[0] ?? state), version: state.version + 1 };
      deltas = applyHoldingDeltas(deltas, decision.holdingDeltas);
      counted ||= counts;
      accepted++;
    }
    if (outcomes.length < 2 || !customer) return [];
    if (counted) {
      // Even when the deltas cancel out: the decisions read this version, so a concurrent reservation must make the run decide again.
      const reservation = { commandId: outcomes[0].commandId, deltas, at: run.now };
      if (!(await this.ledger.reserve(customer.customer.id, customer.version, customer.reservations, reservation))) return 'conflict';
    }
    const written = await this.subscriptions.applyRun({
      state,
      expectedVersion: start.version,
      accepted,
      nextDue: nextDueWork(state, this.contexts.policy),
      fromSeq: outcomes[0].seq,
      outcomes,
    });
    return written ? outcomes : 'conflict';
  }

  private planOf<T extends CommandType>(context: HandlerContext<T>, version: number, customerId: string, decision: Accepted): CommandPlan {
    const subscriptionId = context.group.id;
    const reserves = decision.holdingDeltas.length > 0;
    return {
      targetVersion: version,
      target: decision.updated.find((updated) => updated.id === subscriptionId) ?? toSubscription(subscriptionHolder(context.holder)),
      created: decision.created,
      others: decision.updated.filter((updated) => updated.id !== subscriptionId),
      holdingDeltas: decision.holdingDeltas,
      // The version the subscription has after this command, for the caller's next If-Match (R-CON-1).
      outcome: acceptedOutcome(context.record, context.seq, context.now, decision, {
        ...(reserves ? { reservedOnCustomer: customerId } : {}),
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
