import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from '../common/mongo-errors';
import { raw } from '../common/raw-collection';
import { COMMAND_GAUGES_ID, COMMAND_GAUGES_MODEL, CommandGaugeReading, CommandGaugesDocument } from './command-gauges.schema';

/** The last reading of the command gauges, whichever process took it. */
@Injectable()
export class CommandGaugesRepository {
  constructor(@InjectModel(COMMAND_GAUGES_MODEL) private readonly model: Model<CommandGaugesDocument>) {}

  latest(): Promise<CommandGaugesDocument | null> {
    return this.model.findById(COMMAND_GAUGES_ID).lean<CommandGaugesDocument>().exec();
  }

  async save(reading: CommandGaugeReading, readAt: Date): Promise<void> {
    const write = (upsert: boolean) => raw(this.model).updateOne({ _id: COMMAND_GAUGES_ID }, { $set: { ...reading, readAt } }, { upsert });
    // Two processes saving the very first reading at once: the one that lost the insert writes over it.
    await write(true).catch((error: unknown) => {
      if (!isDuplicateKeyError(error)) throw error;
      return write(false);
    });
  }
}
