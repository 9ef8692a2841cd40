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
