import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { insertOnce } from '../common/insert-once';
import { EVENT_MODEL, EventDocument } from '../events/event.schema';
import { StoredOutcome } from '../groups/group-fields';
import { CHARGE_MODEL, ChargeDocument } from './charge.schema';

/** Writes what a finished command emitted (charges, events); safe to repeat after a crash. */
@Injectable()
export class OutcomeRecorder {
  constructor(
    @InjectModel(CHARGE_MODEL) private readonly charges: Model<ChargeDocument>,
    @InjectModel(EVENT_MODEL) private readonly events: Model<EventDocument>,
  ) {}

  async record(outcome: StoredOutcome): Promise<void> {
    await insertOnce(this.charges, outcome.charges as unknown as ChargeDocument[]);
    await insertOnce(this.events, outcome.events as unknown as EventDocument[]);
  }

  chargesOf(subscriptionId: string): Promise<ChargeDocument[]> {
    return this.charges.find({ subscriptionId }).sort({ at: 1, _id: 1 }).lean<ChargeDocument[]>().exec();
  }
}
