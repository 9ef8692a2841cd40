import { Injectable } from '@nestjs/common';
import { Command, Customer, DecisionContext, DecisionInput, Subscription, decisionReadsCustomerSubscriptions } from '@app/domain';
import { PartnerRepository, SubscriptionRepository } from '@app/persistence';
import { DecisionContextFactory } from './decision-context.factory';

/** What `decide` is given: the input and the context. */
export interface LoadedDecision {
  input: DecisionInput;
  context: DecisionContext;
}

/** The acting partner of a command is not on record. */
export class PartnerNotFound extends Error {
  constructor(readonly partnerId: string) {
    super(`partner ${partnerId} not found`);
  }
}

/**
 * Loads what a decision reads besides the command's own documents (the customer, and the target
 * subscription when there is one): the acting partner, the partners the command names, the
 * customer's subscriptions when its rule reads them, and the catalog, policy and time. The one
 * loader of the worker's use cases and of the API's dry run, so both decide on the same input.
 */
@Injectable()
export class DecisionInputLoader {
  constructor(
    private readonly partners: PartnerRepository,
    private readonly subscriptions: SubscriptionRepository,
    private readonly contexts: DecisionContextFactory,
  ) {}

  async load(command: Command, partnerId: string, customer: Customer, now: Date, subscription?: Subscription): Promise<LoadedDecision> {
    const context = await this.contexts.create(now);
    const [partner, partners, all] = await Promise.all([
      this.partners.find(partnerId),
      this.partners.findMany(namedPartners(command)),
      decisionReadsCustomerSubscriptions(command, customer, subscription, context) ? this.subscriptions.ofCustomer(customer.id) : Promise.resolve(undefined),
    ]);
    if (!partner) throw new PartnerNotFound(partnerId);
    return {
      input: { command, partner, customer, partners, ...(subscription ? { subscription } : {}), ...(all ? { subscriptions: all } : {}) },
      context,
    };
  }
}

function namedPartners(command: Command): string[] {
  if (command.type === 'place-order') return [command.resellerId, ...(command.additionalResellerIds ?? [])].filter((id): id is string => Boolean(id));
  if (command.type === 'submit-transfer') return [command.targetPartnerId];
  return [];
}
