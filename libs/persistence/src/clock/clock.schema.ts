import { documentModel } from '../common/document-schema';
import { nullable, oneOf, required } from '../common/schema-fields';

const CLOCK_STATUSES = ['ready', 'advancing'] as const;

/** The sandbox clock (one document): it stands still between the operator's moves. */
export interface ClockDocument {
  _id: string;
  now: Date;
  status: (typeof CLOCK_STATUSES)[number];
  movedAt: Date;
  /** Where the operator asked the clock to go; it steps there through every due instant in turn. */
  target?: Date | null;
}

export const CLOCK_ID = 'sandbox';

export const clockModel = documentModel<ClockDocument>('Clock', 'clock', {
  now: required(Date),
  status: oneOf(CLOCK_STATUSES),
  movedAt: required(Date),
  target: nullable(Date),
});
export const CLOCK_MODEL = clockModel.name;
