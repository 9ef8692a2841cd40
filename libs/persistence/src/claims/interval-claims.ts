import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { insertReportingExisting } from '../common/insert-once';
import { raw } from '../common/raw-collection';
import { INTERVAL_CLAIM_MODEL, IntervalClaimDocument } from './interval-claim.schema';

/** Timers of different processes drift: a claim a little short of an interval old is taken, so no interval is skipped. */
const DRIFT = 0.9;
/**
 * A round is claimed again only once this many times its last one's duration has passed, however
 * short the interval: work that scans whole collections (quick with MongoDB's indexes, seconds on
 * FerretDB at 100,000 records) never takes more than a tenth of the database's time as they grow.
 */
export const COST_SPACING = 10;
/** A round not ended after this many times its spacing is taken to have died with its process (a worker killed mid-round). */
export const ABANDONED_AFTER_SPACINGS = 2;

/**
 * Periodic work that reads whole collections and comes out the same whoever does it (the command
 * gauges, the reconciler's sweep) is done by one process per interval, the first to claim it, so
 * its cost does not grow with the number of APIs and workers. A round under way is not joined by
 * another unless it is long overdue: rounds that outgrew their interval once overlapped, each
 * slowing the others, and none could record its cost (the next claim had moved on), so the spacing
 * never came into force (bench:batch collapsed to 1 row/s at 14,000 rows).
 */
@Injectable()
export class IntervalClaims {
  constructor(@InjectModel(INTERVAL_CLAIM_MODEL) private readonly model: Model<IntervalClaimDocument>) {}

  /** Runs `work` when this caller takes `name` on for this interval (answering what it gave), else answers undefined. */
  async runClaimed<T>(name: string, intervalMs: number, work: () => Promise<T>): Promise<T | undefined> {
    const claimedAt = new Date();
    if (!(await this.claim(name, intervalMs, claimedAt))) return undefined;
    const started = performance.now();
    try {
      return await work();
    } finally {
      await this.end(name, claimedAt, Math.round(performance.now() - started));
    }
  }

  /** True for the one caller that takes `name` on for this interval; false when another has, or its round is still under way. */
  async claim(name: string, intervalMs: number, now = new Date()): Promise<boolean> {
    const last = await this.model.findById(name).lean<IntervalClaimDocument>().exec();
    if (!last) return (await insertReportingExisting(this.model, [{ _id: name, claimedAt: now, running: true }])).size === 0;
    const spacing = Math.max(intervalMs, COST_SPACING * (last.costMs ?? 0)) * (last.running ? ABANDONED_AFTER_SPACINGS : 1);
    if (now.getTime() - last.claimedAt.getTime() < spacing * DRIFT) return false;
    const claimed = await raw(this.model).updateOne({ _id: name, claimedAt: last.claimedAt }, { $set: { claimedAt: now, running: true } });
    return claimed.modifiedCount === 1;
  }

  /** Ends the round claimed at `claimedAt`, which took `costMs`. */
  async end(name: string, claimedAt: Date, costMs: number): Promise<void> {
    await raw(this.model).updateOne({ _id: name, claimedAt }, { $set: { costMs, running: false } });
  }
}
