import { Injectable } from '@nestjs/common';
import { Principal, Subscription, visibleTo } from '@app/domain';
import { CustomerRecord, SubscriptionRepository } from '@app/persistence';
import { notFound } from '../common/api-error';
import { partnerOf } from '../auth/principal.decorator';
import { CustomerAccess } from '../customers/customer-access';

/** R-ROLE-2 for subscriptions: the customer must be the caller's, and the subscription that customer's. */
@Injectable()
export class SubscriptionAccess {
  constructor(
    private readonly customers: CustomerAccess,
    private readonly subscriptions: SubscriptionRepository,
  ) {}

  async visible(principal: Principal, customerId: string, subscriptionId: string): Promise<{ customer: CustomerRecord; subscription: Subscription }> {
    const customer = await this.customers.visibleCustomer(principal, customerId);
    const subscription = await this.subscriptions.getOfCustomer(customerId, subscriptionId);
    if (!subscription || !visibleTo(partnerOf(principal), subscription)) throw notFound('subscription', subscriptionId);
    return { customer, subscription };
  }
}
