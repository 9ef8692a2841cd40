import { Schema } from 'mongoose';
import { documentModel } from '../common/document-schema';
import { nullable, required } from '../common/schema-fields';

/**
 * The command gauges of /metrics (one document): read from the commands collection by one process
 * per METRICS_REFRESH_INTERVAL (IntervalClaims) and shown by every process, since they describe
 * the whole system.
 */
export interface CommandGaugesDocument {
  _id: string;
  readAt: Date;
  byStatus: Record<string, number>;
  oldestUnfinishedAt: Date | null;
}

export type CommandGaugeReading = Pick<CommandGaugesDocument, 'byStatus' | 'oldestUnfinishedAt'>;

export const COMMAND_GAUGES_ID = 'commands';

export const commandGaugesModel = documentModel<CommandGaugesDocument>('CommandGauges', 'gauges', {
  readAt: required(Date),
  byStatus: { type: Schema.Types.Mixed, default: {} },
  oldestUnfinishedAt: nullable(Date),
});
export const COMMAND_GAUGES_MODEL = commandGaugesModel.name;
