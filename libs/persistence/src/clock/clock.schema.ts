import { Schema } from 'mongoose';
import { baseSchemaOptions } from '../common/base-schema-options';

/** The sandbox clock (one document): it stands still between the operator's moves. */
export interface ClockDocument {
  _id: string;
  now: Date;
  status: 'ready' | 'advancing';
  movedAt: Date;
  /** Where the operator asked the clock to go; it steps there through every due instant in turn. */
  target?: Date | null;
}

export const CLOCK_MODEL = 'Clock';
export const CLOCK_ID = 'sandbox';

export const clockSchema = new Schema<ClockDocument>(
  {
    _id: { type: String, required: true },
    now: { type: Date, required: true },
    status: { type: String, required: true, enum: ['ready', 'advancing'] },
    movedAt: { type: Date, required: true },
    target: { type: Date, default: null },
  },
  { ...baseSchemaOptions, collection: 'clock' },
);
