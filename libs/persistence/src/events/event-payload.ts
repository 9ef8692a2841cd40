import type { EventDocument } from './event.schema';

/** An event as the feed and webhook deliveries show it (api.md: `{ id, type, occurredAt, partnerId, customerId, subscriptionId?, commandId?, data }`). */
export interface EventPayload {
  id: string;
  type: string;
  occurredAt: Date;
  partnerId: string;
  customerId: string;
  subscriptionId?: string;
  commandId?: string;
  data: Record<string, unknown>;
}

export function eventPayload(doc: EventDocument): EventPayload {
  return {
    id: doc._id,
    type: doc.type,
    occurredAt: doc.occurredAt,
    partnerId: doc.partnerId,
    customerId: doc.customerId,
    ...(doc.subscriptionId ? { subscriptionId: doc.subscriptionId } : {}),
    ...(doc.commandId ? { commandId: doc.commandId } : {}),
    data: doc.data,
  };
}
