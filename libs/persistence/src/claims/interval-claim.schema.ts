import { documentModel } from '../common/document-schema';
import { required } from '../common/schema-fields';

/** A piece of periodic work done by one process per interval, and when it was last claimed (real time). */
export interface IntervalClaimDocument {
  _id: string;
  claimedAt: Date;
}

export const intervalClaimModel = documentModel<IntervalClaimDocument>('IntervalClaim', 'interval_claims', {
  claimedAt: required(Date),
});
export const INTERVAL_CLAIM_MODEL = intervalClaimModel.name;
