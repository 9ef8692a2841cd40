export type DomainEventType =
  | 'subscription.created' | 'subscription.quantity-changed' | 'subscription.suspended' | 'subscription.reactivated'
  | 'subscription.cancelled' | 'subscription.upgraded' | 'subscription.renewed' | 'subscription.renewal-upcoming'
  | 'subscription.reduction-window-closing' | 'subscription.trial-ending' | 'subscription.expired'
  | 'subscription.scheduled-change-applied' | 'subscription.addon-ratio-warning' | 'transfer.completed'
  // added by this library
  | 'subscription.updated' | 'subscription.converted' | 'subscription.transferred' | 'subscription.renewal-started'
  | 'subscription.cycle-charged' | 'subscription.scheduled-change-set' | 'subscription.scheduled-change-deleted';

export interface DomainEvent {
  type: DomainEventType;
  subscriptionId?: string;
  customerId: string;
  /** The partner whose feed gets it, when not the acting partner (transfers). */
  partnerId?: string;
  data: Record<string, unknown>;
}

/** Every type a partner's feed can hold (api.md's list and this library's additions), for filters and webhook subscriptions. */
export const FEED_EVENT_TYPES = [
  'subscription.created', 'subscription.quantity-changed', 'subscription.suspended', 'subscription.reactivated',
  'subscription.cancelled', 'subscription.upgraded', 'subscription.renewed', 'subscription.renewal-upcoming',
  'subscription.reduction-window-closing', 'subscription.trial-ending', 'subscription.expired',
  'subscription.scheduled-change-applied', 'subscription.addon-ratio-warning', 'command.failed', 'batch.completed',
  'transfer.completed',
  'subscription.updated', 'subscription.converted', 'subscription.transferred', 'subscription.renewal-started',
  'subscription.cycle-charged', 'subscription.scheduled-change-set', 'subscription.scheduled-change-deleted',
] as const satisfies readonly string[];

export type FeedEventType = (typeof FEED_EVENT_TYPES)[number];

/** Fails to compile when a domain event type is missing from the feed's list. */
export const DOMAIN_EVENT_TYPES_ARE_FEED_TYPES: [DomainEventType] extends [FeedEventType] ? true : never = true;
