/* Test fixtures shared by the specs (no I/O). Not exported from the library. */
import { defaultCatalog } from '../catalog/catalog-data';
import { decide } from '../decide';
import type { Command, PlaceOrder } from '../model/commands';
import type { Customer } from '../model/customer';
import type { Accepted, Decision, DecisionContext, DecisionInput } from '../model/decision';
import type { Partner } from '../model/partner';
import { DEFAULT_POLICY, Policy } from '../model/policy';
import type { Subscription } from '../model/subscription';
import type { BillingFrequency, TermDuration } from '../model/values';
import { applyHoldingDeltas } from '../rules/holdings';

export const catalog = defaultCatalog();
export const T0 = new Date('2026-11-25T10:00:00.000Z');
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export function at(iso: string | Date | number): Date {
  return typeof iso === 'number' ? new Date(iso) : new Date(iso);
}

export function ctx(now: Date = T0, policy: Partial<Policy> = {}): DecisionContext {
  return { now, catalog, policy: { ...DEFAULT_POLICY, ...policy } };
}

export const direct: Partner = { id: 'partner-direct', name: 'Direct Bill BV', type: 'direct-bill', country: 'NL', mpaSigned: true };
export const provider: Partner = { id: 'partner-provider', name: 'Provider NV', type: 'indirect-provider', country: 'NL', mpaSigned: true };
export const reseller: Partner = { id: 'partner-reseller', name: 'Reseller BV', type: 'indirect-reseller', country: 'NL', mpaSigned: true, providerId: 'partner-provider' };
export const otherPartner: Partner = { id: 'partner-other', name: 'Other', type: 'direct-bill', country: 'DE', mpaSigned: true };

export function customer(overrides: Partial<Customer> = {}): Customer {
  return {
    id: 'cust-1', partnerId: direct.id, name: 'Contoso NL', country: 'NL', segment: 'commercial',
    licensesHeldElsewhere: [], holdings: [], reservations: [], ...overrides,
  };
}

let seq = 0;
export function orderOf(
  lines: { offerId: string; quantity: number; termDuration?: TermDuration; billingFrequency?: BillingFrequency; promotionId?: string; baseSubscriptionId?: string }[],
  extra: Partial<PlaceOrder> = {},
): PlaceOrder {
  seq += 1;
  return {
    type: 'place-order', commandId: `cmd-order-${seq}`, customerId: 'cust-1', orderId: `order-${seq}`,
    lines: lines.map((l) => ({ termDuration: 'P1Y', billingFrequency: 'monthly', ...l })),
    subscriptionIds: lines.map((_, i) => `sub-${seq}-${i}`), attestationAccepted: true, ...extra,
  };
}

export function expectAccepted(d: Decision): Accepted {
  if (d.kind !== 'accepted') throw new Error(`expected accepted, got ${d.kind}${d.kind === 'refused' ? `: ${d.error.code} ${d.error.message}` : ''}`);
  return d;
}

export function expectRefused(d: Decision, code: string): Record<string, unknown> {
  if (d.kind !== 'refused') throw new Error(`expected refused ${code}, got ${d.kind}`);
  if (d.error.code !== code) throw new Error(`expected ${code}, got ${d.error.code}: ${d.error.message}`);
  return d.error.details;
}

/** A little in-memory world: applies accepted decisions the way the worker would. */
export class World {
  cust: Customer;
  subs = new Map<string, Subscription>();
  partner: Partner;
  partners: Partner[];

  constructor(c: Customer = customer(), partner: Partner = direct, partners: Partner[] = [direct, provider, reseller, otherPartner]) {
    this.cust = c;
    this.partner = partner;
    this.partners = partners;
  }

  input<C extends Command>(command: C, subscriptionId?: string): DecisionInput<C> {
    const id = subscriptionId ?? (command as { subscriptionId?: string }).subscriptionId;
    return {
      command, partner: this.partner, customer: this.cust,
      subscription: id ? this.subs.get(id) : undefined,
      subscriptions: [...this.subs.values()], partners: this.partners,
    };
  }

  decide(command: Command, now: Date, policy: Partial<Policy> = {}): Decision {
    return decide(this.input(command), ctx(now, policy));
  }

  /** Decides and applies; throws unless accepted. */
  run(command: Command, now: Date, policy: Partial<Policy> = {}): Accepted {
    const d = expectAccepted(this.decide(command, now, policy));
    for (const s of [...d.created, ...d.updated]) this.subs.set(s.id, { ...s, version: (this.subs.get(s.id)?.version ?? -1) + 1 });
    this.cust = { ...this.cust, holdings: applyHoldingDeltas(this.cust.holdings, d.holdingDeltas) };
    return d;
  }

  buy(offerId: string, quantity: number, now: Date = T0, line: Partial<PlaceOrder['lines'][number]> = {}, extra: Partial<PlaceOrder> = {}): Subscription {
    const d = this.run(orderOf([{ offerId, quantity, ...line }], extra), now);
    return d.created[0];
  }

  sub(id: string): Subscription {
    const s = this.subs.get(id);
    if (!s) throw new Error(`no subscription ${id}`);
    return s;
  }
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !(value instanceof Date) && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

let cmdSeq = 0;
/**
 * A subscription command with a fresh command id. Specs give only the fields a case needs (or
 * wrong ones, on purpose), so the typed signature is an overload over an untyped body.
 */
export function cmdFor<T extends Command['type']>(type: T, subscriptionId: string, extra?: Record<string, unknown>): Extract<Command, { type: T }>;
export function cmdFor(type: Command['type'], subscriptionId: string, extra: Record<string, unknown> = {}): object {
  cmdSeq += 1;
  return { type, commandId: `cmd-${type}-${cmdSeq}`, subscriptionId, ...extra };
}

export function plus(base: Date, ms: number): Date {
  return new Date(base.getTime() + ms);
}
