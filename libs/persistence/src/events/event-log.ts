import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { CoalescingWriter } from '../common/coalescing-writer';
import { raw } from '../common/raw-collection';
import { EVENT_FEED_MODEL, EventFeedDocument } from './event-feed.schema';
import { EVENT_MODEL, EventDocument, FEED_GAP_TYPE, NewEvent } from './event.schema';

/** A place taken and left empty this long (real time) is filled with a gap marker: its writer died. */
export const FEED_GAP_TIMEOUT_MS = 30_000;
/** How many places one read looks at to move a feed's gap-free prefix on. */
const HORIZON_SCAN = 2_000;
/** Writes of one batch whose places were taken by gap markers are tried again this often. */
const MAX_APPEND_ROUNDS = 5;

export interface FeedQuery {
  /** Events after this place (0: from the start). */
  afterSeq: number;
  types?: string[];
  customerId?: string;
  limit: number;
}

/**
 * The partners' event feeds (api.md: never a gap nor a duplicate when followed page by page).
 *
 * An event's place is a per-partner sequence number taken atomically (`$inc` on the partner's feed
 * document) just before the event is written. Writers run concurrently, so place 8 can be written
 * after place 9: a reader never reads past the first place not yet written (the feed's gap-free
 * prefix, `visibleThrough`), so it cannot skip an event that commits late. A place whose writer
 * died before writing fills with a gap marker once it is older than FEED_GAP_TIMEOUT_MS; the writer,
 * if it was only slow, finds its place taken and takes another. An event written twice (a retry
 * after a crash: same `_id`) is refused by its `_id` and its second place becomes a gap marker.
 * Appends made at once in a process share one taking of places and one insert (CoalescingWriter).
 */
@Injectable()
export class EventLog {
  private readonly appends = new CoalescingWriter<NewEvent>((events) => this.appendNow(events));

  constructor(
    @InjectModel(EVENT_MODEL) private readonly events: Model<EventDocument>,
    @InjectModel(EVENT_FEED_MODEL) private readonly feeds: Model<EventFeedDocument>,
  ) {}

  /** Appends events to their partners' feeds in the order given; one already there is not added again. */
  append(events: NewEvent[]): Promise<void> {
    return this.appends.add(events);
  }

  private async appendNow(events: NewEvent[]): Promise<void> {
    const byPartner = new Map<string, NewEvent[]>();
    for (const event of events) byPartner.set(event.partnerId, [...(byPartner.get(event.partnerId) ?? []), event]);
    for (const [partnerId, ofPartner] of byPartner) await this.appendTo(partnerId, ofPartner);
  }

  /** The last place taken in a partner's feed (a new follower starts after it). */
  async lastPlace(partnerId: string): Promise<number> {
    return (await this.feeds.findById(partnerId).lean<EventFeedDocument>().exec())?.last ?? 0;
  }

  /** Whether an event with this id was written (cheap: by `_id`). */
  async has(eventId: string): Promise<boolean> {
    return (await this.events.exists({ _id: eventId })) !== null;
  }

  get(eventId: string): Promise<EventDocument | null> {
    return this.events.findById(eventId).lean<EventDocument>().exec();
  }

  /** A page of a partner's feed, oldest first, never past its gap-free prefix. */
  async page(partnerId: string, query: FeedQuery): Promise<EventDocument[]> {
    return this.between(partnerId, query.afterSeq, await this.visibleThrough(partnerId), query);
  }

  /** The events of a partner in (afterSeq, throughSeq] that match, oldest first; `throughSeq` within the gap-free prefix. */
  async between(partnerId: string, afterSeq: number, throughSeq: number, query: Omit<FeedQuery, 'afterSeq'>): Promise<EventDocument[]> {
    if (throughSeq <= afterSeq) return [];
    return this.events
      .find({
        partnerId,
        seq: { $gt: afterSeq, $lte: throughSeq },
        type: query.types ? { $in: query.types } : { $ne: FEED_GAP_TYPE },
        ...(query.customerId ? { customerId: query.customerId } : {}),
      })
      .sort({ seq: 1 })
      .limit(query.limit)
      .lean<EventDocument[]>()
      .exec();
  }

  /** The end of a partner's gap-free prefix, moved on over what was written since the last read. */
  async visibleThrough(partnerId: string): Promise<number> {
    const feed = await this.feeds.findById(partnerId).lean<EventFeedDocument>().exec();
    if (!feed) return 0;
    if (feed.visibleThrough >= feed.last) return feed.visibleThrough;
    const written = await this.events
      .find({ partnerId, seq: { $gt: feed.visibleThrough, $lte: feed.last } }, { seq: 1, recordedAt: 1 })
      .sort({ seq: 1 })
      .limit(HORIZON_SCAN)
      .lean<Pick<EventDocument, 'seq' | 'recordedAt'>[]>()
      .exec();
    const staleBefore = Date.now() - FEED_GAP_TIMEOUT_MS;
    let through = feed.visibleThrough;
    let blocked = false;
    const stale: number[] = [];
    for (const event of written) {
      if (event.seq > through + 1) {
        // A hole: its place was taken before this event was written; filled if that was long ago.
        if (event.recordedAt.getTime() > staleBefore) {
          blocked = true;
          break;
        }
        for (let seq = through + 1; seq < event.seq; seq++) stale.push(seq);
      }
      through = event.seq;
    }
    const endSeen = !blocked && written.length < HORIZON_SCAN;
    if (endSeen && through < feed.last && feed.takenAt.getTime() <= staleBefore) {
      for (let seq = through + 1; seq <= feed.last; seq++) stale.push(seq);
      through = feed.last;
    }
    if (stale.length > 0) {
      const filled = await this.fillGaps(partnerId, stale);
      // A writer that was only slow wrote its event meanwhile: read again next time.
      if (!filled) return feed.visibleThrough;
    }
    if (through > feed.visibleThrough) await raw(this.feeds).updateOne({ _id: partnerId }, { $max: { visibleThrough: through } });
    return through;
  }

  private async appendTo(partnerId: string, events: NewEvent[]): Promise<void> {
    let todo = events;
    for (let round = 0; todo.length > 0; round++) {
      if (round === MAX_APPEND_ROUNDS) throw new Error(`could not place ${todo.length} events in the feed of ${partnerId}`);
      const first = await this.take(partnerId, todo.length);
      const recordedAt = new Date();
      const docs: EventDocument[] = todo.map((event, index) => ({ ...event, seq: first + index, recordedAt }));
      const refused = await this.insertReportingDuplicates(docs);
      if (refused.length === 0) return;
      const present = await Promise.all(refused.map((doc) => this.has(doc._id)));
      // Written before (a retry): the place taken now stays empty, so mark it at once.
      await this.fillGaps(partnerId, refused.filter((_, i) => present[i]).map((doc) => doc.seq));
      // The place was filled as a gap (this writer was too slow): take another.
      todo = refused.filter((_, i) => !present[i]).map(({ seq: _seq, recordedAt: _at, ...event }) => event);
    }
  }

  /** Takes `count` consecutive places in a partner's feed; answers the first. */
  private async take(partnerId: string, count: number): Promise<number> {
    const feed = await raw(this.feeds).findOneAndUpdate(
      { _id: partnerId },
      { $inc: { last: count }, $set: { takenAt: new Date() }, $setOnInsert: { visibleThrough: 0 } },
      { upsert: true, returnDocument: 'after' },
    );
    if (!feed) throw new Error(`feed of ${partnerId} not found after upsert`);
    return feed.last - count + 1;
  }

  /** Inserts all; answers those refused for a duplicate key (their `_id` or their place). */
  private async insertReportingDuplicates(docs: EventDocument[]): Promise<EventDocument[]> {
    try {
      await raw(this.events).insertMany(docs, { ordered: false });
      return [];
    } catch (error) {
      const writeErrors = (error as { writeErrors?: { index: number; code?: number }[] | { index: number; code?: number } }).writeErrors;
      const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
      if (list.length === 0 || list.some((e) => e.code !== 11000)) throw error;
      return list.map((e) => docs[e.index]);
    }
  }

  /** Marks empty places as gaps; false when one of them holds an event after all. */
  private async fillGaps(partnerId: string, seqs: number[]): Promise<boolean> {
    if (seqs.length === 0) return true;
    const now = new Date();
    const gaps: EventDocument[] = seqs.map((seq) => ({
      _id: `gap-${partnerId}-${seq}`,
      type: FEED_GAP_TYPE,
      occurredAt: now,
      partnerId,
      customerId: '',
      subscriptionId: null,
      commandId: null,
      data: {},
      seq,
      recordedAt: now,
    }));
    const refused = await this.insertReportingDuplicates(gaps);
    if (refused.length === 0) return true;
    const marked = await Promise.all(refused.map((gap) => this.has(gap._id)));
    return marked.every(Boolean);
  }
}
