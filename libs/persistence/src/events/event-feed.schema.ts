import { Schema } from 'mongoose';
import { baseSchemaOptions } from '../common/base-schema-options';

/** A partner's feed counter: `last` place taken, and `visibleThrough`, the end of its gap-free prefix. */
export interface EventFeedDocument {
  _id: string;
  last: number;
  visibleThrough: number;
  /** Real time places were last taken; tells how old a hole at the end of the feed is. */
  takenAt: Date;
}

export const EVENT_FEED_MODEL = 'EventFeed';

export const eventFeedSchema = new Schema<EventFeedDocument>(
  {
    _id: { type: String, required: true },
    last: { type: Number, required: true, default: 0 },
    visibleThrough: { type: Number, required: true, default: 0 },
    takenAt: { type: Date, required: true },
  },
  { ...baseSchemaOptions, collection: 'event_feeds' },
);
