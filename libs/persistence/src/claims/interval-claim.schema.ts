import { documentModel } from '../common/document-schema';
import { nullable, required } from '../common/schema-fields';

/** A piece of periodic work done by one process per interval: when it was last claimed (real time), whether that round is under way, and what the last ended round took. */
export interface IntervalClaimDocument {
  _id: string;
  claimedAt: Date;
  running?: boolean;
  costMs?: number | null;
}

export const intervalClaimModel = documentModel<IntervalClaimDocument>('IntervalClaim', 'interval_claims', {
  claimedAt: required(Date),
  running: { type: Boolean, default: false },
  costMs: nullable(Number),
});
export const INTERVAL_CLAIM_MODEL = intervalClaimModel.name;
