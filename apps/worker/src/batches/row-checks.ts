import { Subscription, visibleTo } from '@app/domain';
import { BatchRow, RowResult, SubscriptionRepository } from '@app/persistence';

/**
 * Subscriptions a runner remembers while it checks rows; cleared when full. Whole subscriptions
 * (the dry run decides against them) of a kilobyte or two: 10,000 keep a runner's share of the
 * worker's memory near 20 MB whatever the file's size.
 */
const KEPT = 10_000;

/**
 * Whether a row names a subscription of the batch's partner under that customer (R-ROLE-2): an
 * unknown subscription and another partner's answer the same NOT_FOUND, telling nothing more.
 */
export class RowChecks {
  private readonly known = new Map<string, Subscription | null>();

  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly partnerId: string,
  ) {}

  /** The row's subscription when the row may become a command, else its failure. */
  async check(row: BatchRow): Promise<{ subscription: Subscription } | { failure: RowResult }> {
    if (row.error) return { failure: { outcome: 'failed', code: row.error.code, message: row.error.message } };
    const subscription = await this.subscription(row.subscriptionId);
    if (!subscription || subscription.customerId !== row.customerId || !visibleTo(this.partnerId, subscription)) {
      return { failure: { outcome: 'failed', code: 'NOT_FOUND', message: `No subscription ${row.subscriptionId} was found for customer ${row.customerId}.` } };
    }
    return { subscription };
  }

  private async subscription(id: string): Promise<Subscription | null> {
    if (this.known.has(id)) return this.known.get(id) ?? null;
    const subscription = await this.subscriptions.get(id);
    if (this.known.size >= KEPT) this.known.clear();
    this.known.set(id, subscription);
    return subscription;
  }
}
