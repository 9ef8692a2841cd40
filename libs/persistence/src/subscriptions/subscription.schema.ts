import type { Subscription } from '@app/domain';
import { Schema } from 'mongoose';
import { documentModel } from '../common/document-schema';
import { counter, listOf, nullable, required } from '../common/schema-fields';
import { GroupQueueFields, groupQueueSchemaFields, StoredOutcome } from '../groups/group-fields';

/**
 * A subscription: the domain aggregate as the domain returns it (`state`), the fields queries
 * need copied to the top level, the optimistic `version`, and the subscription's command queue.
 */
export interface SubscriptionDocument extends GroupQueueFields {
  _id: string;
  customerId: string;
  partnerId: string;
  offerId: string;
  status: string;
  /** When the next time-driven command (renewal, trial end, expiry …) comes due; null when none. */
  nextDueAt: Date | null;
  nextDueType: string | null;
  /** When the next reminder event (renewal upcoming, trial ending, window closing) falls due; null when none. */
  nextReminderAt?: Date | null;
  state: Omit<Subscription, 'version'>;
  version: number;
  createdAt: Date;
  createdByCommandId: string;
  /**
   * Outcome of a time-driven change applied outside the subscription's queue (a renewal completing),
   * written in the same update as the change and cleared once its record, charges and events are written.
   */
  systemOutcome?: StoredOutcome | null;
  /** The last commands of other groups that changed this subscription (R-ADD-2 cascades, upgrade targets), so each does it once. */
  crossWrites?: string[];
  /** The command whose plan holds this subscription until its write here is made (PlanHolds); null when none. */
  planLock?: string | null;
  /** Groups of commands waiting for the plan holding it, woken when it lets go. */
  planWaiters?: string[];
}

export const subscriptionModel = documentModel<SubscriptionDocument>('Subscription', 'subscriptions', {
  customerId: { ...required(String), index: true },
  partnerId: { ...required(String), index: true },
  offerId: required(String),
  status: required(String),
  nextDueAt: { ...nullable(Date), index: true },
  nextDueType: nullable(String),
  nextReminderAt: { ...nullable(Date), index: true },
  state: required(Schema.Types.Mixed),
  version: counter(),
  createdAt: required(Date),
  createdByCommandId: required(String),
  systemOutcome: nullable(Schema.Types.Mixed),
  crossWrites: listOf(String),
  planLock: nullable(String),
  planWaiters: listOf(String),
  ...groupQueueSchemaFields,
});
export const SUBSCRIPTION_MODEL = subscriptionModel.name;
