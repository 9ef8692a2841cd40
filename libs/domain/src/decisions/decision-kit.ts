import type { Charge } from '../model/charge';
import type { Accepted, DecisionContext, Warning } from '../model/decision';
import type { DomainEvent, DomainEventType } from '../model/event';
import type { Subscription } from '../model/subscription';
import { holdingDeltasBetween } from '../rules/holdings';

export interface Outcome {
  created?: Subscription[];
  updated?: Subscription[];
  charges?: Charge[];
  events?: DomainEvent[];
  result: Record<string, unknown>;
  warnings?: Warning[];
  effects?: string[];
}

/**
 * Builds the accepted decision; `before` is the prior state of every subscription in `updated`,
 * from which the customer-wide counter changes (holdingDeltas) follow.
 */
export function accepted(ctx: DecisionContext, before: readonly Subscription[], o: Outcome): Accepted {
  const created = o.created ?? [];
  const updated = o.updated ?? [];
  return {
    kind: 'accepted',
    created,
    updated,
    holdingDeltas: holdingDeltasBetween(before, [...created, ...updated], ctx.catalog),
    charges: (o.charges ?? []).filter((c) => c.quantity > 0),
    events: o.events ?? [],
    result: o.result,
    warnings: o.warnings ?? [],
    effects: o.effects ?? [],
  };
}

export function eventOf(type: DomainEventType, sub: Subscription, data: Record<string, unknown> = {}): DomainEvent {
  return { type, subscriptionId: sub.id, customerId: sub.customerId, partnerId: sub.partnerId, data };
}

/** A succeeded change counts towards the update limit (R-QTY-5). */
export function counted(sub: Subscription): Subscription {
  return { ...sub, updateCount: sub.updateCount + 1 };
}
