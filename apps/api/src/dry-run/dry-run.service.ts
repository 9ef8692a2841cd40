import { Injectable } from '@nestjs/common';
import { Command, commandNeedsCustomerSubscriptions, decide, Decision, Principal, Subscription } from '@app/domain';
import { DecisionContextFactory } from '@app/command-engine';
import { CustomerRepository, PartnerRepository, SubscriptionRepository } from '@app/persistence';
import { ServiceClock } from '@app/platform';
import { notFound } from '../common/api-error';
import { detailsList } from '../common/error-details';
import { DryRunVerdictView } from './dry-run.view';
import { partnerOf } from '../auth/principal.decorator';

/**
 * `?dryRun=true` (api.md): the same decision function the worker applies, on the current state,
 * with nothing queued or written.
 */
@Injectable()
export class DryRunService {
  constructor(
    private readonly partners: PartnerRepository,
    private readonly customers: CustomerRepository,
    private readonly subscriptions: SubscriptionRepository,
    private readonly contexts: DecisionContextFactory,
    private readonly clock: ServiceClock,
  ) {}

  async preview(principal: Principal, command: Command, customerId: string, subscription?: Subscription): Promise<DryRunVerdictView> {
    const partnerId = partnerOf(principal);
    const record = await this.customers.get(customerId);
    if (!record) throw notFound('customer', customerId);
    const customer = record.customer;
    const named = 'resellerId' in command ? [command.resellerId, ...(command.additionalResellerIds ?? [])]
      : 'targetPartnerId' in command ? [command.targetPartnerId] : [];
    const [partner, partners, all, context] = await Promise.all([
      this.partners.find(partnerId),
      this.partners.findMany(named.filter((id): id is string => Boolean(id))),
      commandNeedsCustomerSubscriptions(command.type) || command.type === 'place-order'
        ? this.subscriptions.ofCustomer(customer.id)
        : Promise.resolve(undefined),
      this.contexts.create(await this.clock.now()),
    ]);
    if (!partner) throw notFound('partner', partnerId);
    const decision = decide({ command, partner, customer, partners, ...(subscription ? { subscription } : {}), ...(all ? { subscriptions: all } : {}) }, context);
    return verdict(decision);
  }
}

function verdict(decision: Decision): DryRunVerdictView {
  if (decision.kind === 'refused') {
    return { verdict: 'would-fail', error: { code: decision.error.code, message: decision.error.message, details: detailsList(decision.error.details) }, charges: [], effects: [] };
  }
  if (decision.kind === 'deferred') {
    return {
      verdict: 'would-succeed',
      charges: [],
      effects: ['waits until the renewal in progress completes (deferred, RENEWAL_IN_PROGRESS), then applies'],
    };
  }
  return {
    verdict: 'would-succeed',
    charges: decision.charges.map((charge) => ({
      subscriptionId: charge.subscriptionId,
      at: charge.at,
      type: charge.type,
      quantity: charge.quantity,
      periodStart: charge.periodStart,
      periodEnd: charge.periodEnd,
      amount: charge.amount,
    })),
    effects: decision.effects,
    ...(decision.warnings.length > 0 ? { warnings: decision.warnings } : {}),
  };
}
