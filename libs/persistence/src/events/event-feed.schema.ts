import { documentModel } from '../common/document-schema';
import { counter, required } from '../common/schema-fields';

/** A partner's feed counter: `last` place taken, and `visibleThrough`, the end of its gap-free prefix. */
export interface EventFeedDocument {
  _id: string;
  last: number;
  visibleThrough: number;
  /** Real time places were last taken; tells how old a hole at the end of the feed is. */
  takenAt: Date;
}

export const eventFeedModel = documentModel<EventFeedDocument>('EventFeed', 'event_feeds', {
  last: counter(),
  visibleThrough: counter(),
  takenAt: required(Date),
});
export const EVENT_FEED_MODEL = eventFeedModel.name;
