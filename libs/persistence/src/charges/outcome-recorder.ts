import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { CoalescingWriter } from '../common/coalescing-writer';
import { insertOnce } from '../common/insert-once';
import { EventLog } from '../events/event-log';
import { NewEvent } from '../events/event.schema';
import { StoredOutcome } from '../groups/group-fields';
import { CHARGE_MODEL, ChargeDocument } from './charge.schema';

/**
 * Writes what a finished command emitted (charges, events); safe to repeat after a crash. Charges
 * and events written at once in a process share their inserts (CoalescingWriter, EventLog).
 */
@Injectable()
export class OutcomeRecorder {
  private readonly chargeInserts = new CoalescingWriter<ChargeDocument>((charges) => insertOnce(this.charges, charges));

  constructor(
    @InjectModel(CHARGE_MODEL) private readonly charges: Model<ChargeDocument>,
    private readonly events: EventLog,
  ) {}

  async record(outcome: StoredOutcome): Promise<void> {
    await Promise.all([this.chargeInserts.add(outcome.charges), this.events.append(outcome.events)]);
  }

  /** What a run of commands emitted, in their order: one insert of charges, one append of events. */
  async recordMany(outcomes: StoredOutcome[]): Promise<void> {
    await Promise.all([this.chargeInserts.add(outcomes.flatMap((outcome) => outcome.charges)), this.events.append(outcomes.flatMap((outcome) => outcome.events))]);
  }

  /** Events that belong to no command (a batch that ended); their ids are fixed before, so writing twice is harmless. */
  async recordEvents(events: NewEvent[]): Promise<void> {
    await this.events.append(events);
  }

  chargesOf(subscriptionId: string): Promise<ChargeDocument[]> {
    return this.charges.find({ subscriptionId }).sort({ at: 1, _id: 1 }).lean<ChargeDocument[]>().exec();
  }
}
