import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { insertReportingExisting } from '../common/insert-once';
import { raw } from '../common/raw-collection';
import { INTERVAL_CLAIM_MODEL, IntervalClaimDocument } from './interval-claim.schema';

/** Timers of different processes drift: a claim a little short of an interval old is taken, so no interval is skipped. */
const DRIFT = 0.9;

/**
 * Periodic work that reads whole collections and comes out the same whoever does it (the command
 * gauges, the reconciler's sweep) is done by one process per interval, the first to claim it, so
 * its cost does not grow with the number of APIs and workers.
 */
@Injectable()
export class IntervalClaims {
  constructor(@InjectModel(INTERVAL_CLAIM_MODEL) private readonly model: Model<IntervalClaimDocument>) {}

  /** True for the one caller that takes `name` on for this interval; false when another has. */
  async claim(name: string, intervalMs: number, now = new Date()): Promise<boolean> {
    const last = await this.model.findById(name).lean<IntervalClaimDocument>().exec();
    if (!last) return (await insertReportingExisting(this.model, [{ _id: name, claimedAt: now }])).size === 0;
    if (now.getTime() - last.claimedAt.getTime() < intervalMs * DRIFT) return false;
    const claimed = await raw(this.model).updateOne({ _id: name, claimedAt: last.claimedAt }, { $set: { claimedAt: now } });
    return claimed.modifiedCount === 1;
  }
}
