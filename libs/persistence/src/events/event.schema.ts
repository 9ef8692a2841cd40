import { Schema } from 'mongoose';
import { documentModel } from '../common/document-schema';
import { nullable, required } from '../common/schema-fields';

/**
 * Something that happened (api.md, "Events and webhooks"). `_id` is fixed when the change is
 * decided (kept with the change), so writing it again after a crash adds nothing; `seq` is its place
 * in its partner's feed, taken when it is written (see EventLog).
 */
export interface EventDocument {
  _id: string;
  type: string;
  occurredAt: Date;
  partnerId: string;
  customerId: string;
  subscriptionId: string | null;
  commandId: string | null;
  data: Record<string, unknown>;
  seq: number;
  /** Real time of the write; tells how old a hole in the feed before it is. */
  recordedAt: Date;
}

/** What a writer gives the event log: an event without its place in the feed. */
export type NewEvent = Omit<EventDocument, 'seq' | 'recordedAt'>;

/** A feed place whose writer died between taking it and writing its event; never shown. */
export const FEED_GAP_TYPE = 'feed.gap';

export const eventModel = documentModel<EventDocument>('Event', 'events', {
  type: required(String),
  occurredAt: required(Date),
  partnerId: required(String),
  customerId: required(String),
  subscriptionId: nullable(String),
  commandId: nullable(String),
  data: { type: Schema.Types.Mixed, default: {} },
  seq: required(Number),
  recordedAt: required(Date),
});
export const EVENT_MODEL = eventModel.name;
// One event per place in a partner's feed; the feed reads by it.
eventModel.schema.index({ partnerId: 1, seq: 1 }, { unique: true });
