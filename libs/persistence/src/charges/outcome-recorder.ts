import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { insertOnce } from '../common/insert-once';
import { EventLog } from '../events/event-log';
import { NewEvent } from '../events/event.schema';
import { StoredOutcome } from '../groups/group-fields';
import { CHARGE_MODEL, ChargeDocument } from './charge.schema';

/** Writes what a finished command emitted (charges, events); safe to repeat after a crash. */
@Injectable()
export class OutcomeRecorder {
  constructor(
    @InjectModel(CHARGE_MODEL) private readonly charges: Model<ChargeDocument>,
    private readonly events: EventLog,
  ) {}

  async record(outcome: StoredOutcome): Promise<void> {
    await insertOnce(this.charges, outcome.charges);
    await this.events.append(outcome.events);
  }

  /** What a run of commands emitted, in their order: one insert of charges, one append of events. */
  async recordMany(outcomes: StoredOutcome[]): Promise<void> {
    await insertOnce(this.charges, outcomes.flatMap((outcome) => outcome.charges));
    await this.events.append(outcomes.flatMap((outcome) => outcome.events));
  }

  /** Events that belong to no command (a batch that ended); their ids are fixed before, so writing twice is harmless. */
  async recordEvents(events: NewEvent[]): Promise<void> {
    await this.events.append(events);
  }

  chargesOf(subscriptionId: string): Promise<ChargeDocument[]> {
    return this.charges.find({ subscriptionId }).sort({ at: 1, _id: 1 }).lean<ChargeDocument[]>().exec();
  }
}
