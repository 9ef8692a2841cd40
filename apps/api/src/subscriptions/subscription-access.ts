import { Injectable } from '@nestjs/common';
import { Principal, Subscription, visibleTo } from '@app/domain';
import { SubscriptionRepository } from '@app/persistence';
import { notFound } from '../common/api-error';
import { partnerOf } from '../auth/principal.decorator';

/**
 * R-ROLE-2 for subscriptions: the subscription must be of that customer and the caller's (its
 * partner of record); anything else answers 404. One read by id.
 */
@Injectable()
export class SubscriptionAccess {
  constructor(private readonly subscriptions: SubscriptionRepository) {}

  async visible(principal: Principal, customerId: string, subscriptionId: string): Promise<{ subscription: Subscription }> {
    const subscription = await this.subscriptions.getOfCustomer(customerId, subscriptionId);
    if (!subscription || !visibleTo(partnerOf(principal), subscription)) throw notFound('subscription', subscriptionId);
    return { subscription };
  }
}
