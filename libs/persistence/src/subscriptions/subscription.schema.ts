import type { Subscription } from '@app/domain';
import { Schema } from 'mongoose';
import { baseSchemaOptions } from '../common/base-schema-options';
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
}

export const SUBSCRIPTION_MODEL = 'Subscription';

export const subscriptionSchema = new Schema<SubscriptionDocument>(
  {
    _id: { type: String, required: true },
    customerId: { type: String, required: true, index: true },
    partnerId: { type: String, required: true, index: true },
    offerId: { type: String, required: true },
    status: { type: String, required: true },
    nextDueAt: { type: Date, default: null, index: true },
    nextDueType: { type: String, default: null },
    nextReminderAt: { type: Date, default: null, index: true },
    state: { type: Schema.Types.Mixed, required: true },
    version: { type: Number, required: true, default: 0 },
    createdAt: { type: Date, required: true },
    createdByCommandId: { type: String, required: true },
    systemOutcome: { type: Schema.Types.Mixed, default: null },
    crossWrites: { type: [String], default: [] },
    ...groupQueueSchemaFields,
  },
  { ...baseSchemaOptions, collection: 'subscriptions' },
);
