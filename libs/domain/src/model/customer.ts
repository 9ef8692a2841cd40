import type { Segment } from './values';

/** Committed counters of the customer's active and suspended subscriptions of one offer. */
export interface Holding {
  offerId: string;
  licenses: number;
  subscriptions: number;
}

/** Counter changes of a command decided but not yet committed; deltas may be negative. */
export interface Reservation {
  commandId: string;
  deltas: Holding[];
}

export interface Customer {
  id: string;
  partnerId: string;
  name: string;
  country: string;
  segment: Segment;
  email?: string;
  /** Base licenses the customer holds through other partners or channels (R-ADD-CP, R-ADD-MG). */
  licensesHeldElsewhere: { offerId: string; quantity: number }[];
  holdings: Holding[];
  reservations: Reservation[];
  /** Partners other than `partnerId` with an accepted relationship (R-TRA-1, R-ROLE-2). */
  relationshipPartnerIds?: string[];
}
