import type { Decision } from '@app/domain';
import { CommandDocument, StoredOutcome } from '@app/persistence';
import { newId } from '@app/platform';

type Accepted = Extract<Decision, { kind: 'accepted' }>;

/**
 * The outcome of an accepted decision, as it is kept on the group's document: charges with ids
 * `<commandId>:<n>` and events with ids made now, so writing them again after a crash changes nothing.
 */
export function acceptedOutcome(
  record: CommandDocument,
  seq: number,
  now: Date,
  decision: Accepted,
  options: { reservedOnCustomer?: string; reservedAs?: string; extraResult?: Record<string, unknown> } = {},
): StoredOutcome {
  // A charge or event belongs to the partner of record of its subscription (after a transfer, the target's).
  const partnerOf = new Map([...decision.updated, ...decision.created].map((s) => [s.id, s.partnerId]));
  const result = { ...decision.result, ...options.extraResult, ...(decision.warnings.length > 0 ? { warnings: decision.warnings } : {}) };
  return {
    commandId: record._id,
    seq,
    status: 'succeeded',
    at: now,
    result,
    charges: decision.charges.map((charge, index) => ({
      _id: `${record._id}:${index}`,
      commandId: record._id,
      subscriptionId: charge.subscriptionId,
      customerId: record.customerId,
      partnerId: partnerOf.get(charge.subscriptionId) ?? record.partnerId,
      at: charge.at,
      type: charge.type,
      quantity: charge.quantity,
      periodStart: charge.periodStart,
      periodEnd: charge.periodEnd,
      amount: { amount: charge.amount.amount, currency: charge.amount.currency },
    })),
    events: decision.events.map((event) => ({
      _id: newId(),
      type: event.type,
      occurredAt: now,
      partnerId: event.partnerId ?? record.partnerId,
      customerId: event.customerId,
      subscriptionId: event.subscriptionId ?? null,
      commandId: record._id,
      data: event.data,
    })),
    ...(options.reservedOnCustomer ? { customerId: options.reservedOnCustomer } : {}),
    ...(options.reservedOnCustomer && options.reservedAs && options.reservedAs !== record._id ? { reservedAs: options.reservedAs } : {}),
  };
}
