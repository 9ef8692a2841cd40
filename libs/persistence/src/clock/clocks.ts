import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ServiceClock } from '@app/platform';
import { Model } from 'mongoose';
import { raw } from '../common/raw-collection';
import { CLOCK_ID, CLOCK_MODEL, ClockDocument } from './clock.schema';

export class SystemClock extends ServiceClock {
  async now(): Promise<Date> {
    return new Date();
  }
}

/** CLOCK_MODE=sandbox: the time stored in MongoDB, started at the real time of the first start. */
@Injectable()
export class SandboxClock extends ServiceClock {
  constructor(@InjectModel(CLOCK_MODEL) private readonly model: Model<ClockDocument>) {
    super();
  }

  async now(): Promise<Date> {
    return (await this.read()).now;
  }

  async read(): Promise<ClockDocument> {
    const existing = await this.model.findById(CLOCK_ID).lean<ClockDocument>().exec();
    if (existing) return existing;
    const real = new Date();
    await raw(this.model).updateOne(
      { _id: CLOCK_ID },
      { $setOnInsert: { now: real, status: 'ready', movedAt: real } },
      { upsert: true },
    );
    return (await this.model.findById(CLOCK_ID).lean<ClockDocument>().exec()) as ClockDocument;
  }

  /** Asks the clock to go to `to` (forward only): the time processes step it there (SandboxAdvancer). */
  async aimAt(to: Date): Promise<void> {
    await this.read();
    await raw(this.model).updateOne({ _id: CLOCK_ID }, { $max: { target: to } });
  }

  /** Where the clock is going: its target, or where it is when it has arrived. */
  async target(): Promise<Date> {
    const clock = await this.read();
    return clock.target && clock.target > clock.now ? clock.target : clock.now;
  }

  /** Moves the clock forward only; answers the new time. */
  async moveTo(to: Date): Promise<Date> {
    const current = await this.read();
    if (to.getTime() < current.now.getTime()) return current.now;
    await raw(this.model).updateOne({ _id: CLOCK_ID, now: { $lte: to } }, { $set: { now: to, movedAt: new Date() } });
    return (await this.read()).now;
  }
}
