import type { Catalog } from '../catalog/catalog';
import type { DomainError } from '../errors/domain-error';
import type { Charge } from './charge';
import type { Command } from './commands';
import type { Customer, Holding } from './customer';
import type { DomainEvent } from './event';
import type { Partner } from './partner';
import type { Policy } from './policy';
import type { Subscription } from './subscription';

export interface DecisionContext {
  now: Date;
  catalog: Catalog;
  policy: Policy;
}

export interface DecisionInput<C extends Command = Command> {
  command: C;
  /** The acting partner (R-PT-1); for time-driven commands the subscription's partner. */
  partner: Partner;
  customer: Customer;
  /** The target of a subscription command. */
  subscription?: Subscription;
  /** All the customer's subscriptions, for the commands of commandNeedsCustomerSubscriptions(). */
  subscriptions?: Subscription[];
  /** Partners the command names: resellers, additional resellers, transfer target. */
  partners?: Partner[];
}

export interface Warning {
  code: string;
  message: string;
  subscriptionIds?: string[];
}

export interface Accepted {
  kind: 'accepted';
  created: Subscription[];
  updated: Subscription[];
  holdingDeltas: Holding[];
  charges: Charge[];
  events: DomainEvent[];
  result: Record<string, unknown>;
  warnings: Warning[];
  effects: string[];
}

export interface Refused {
  kind: 'refused';
  error: DomainError;
}

export interface Deferred {
  kind: 'deferred';
  reason: 'RENEWAL_IN_PROGRESS';
}

export type Decision = Accepted | Refused | Deferred;

/** The input as decisions see it: decide() fills in the optional lists. */
export type FullInput<C extends Command = Command> = DecisionInput<C> & { subscriptions: Subscription[]; partners: Partner[] };
