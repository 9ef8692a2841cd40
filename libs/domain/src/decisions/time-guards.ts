import { refuse } from '../errors/domain-error';
import type { Subscription } from '../model/subscription';

/** A time-driven command that is not (or no longer) due: the worker recomputes nextDueWork and moves on. */
export function requireDue(condition: boolean, sub: Subscription, what: string): void {
  if (!condition) refuse('NOT_DUE', `${what} is not due for subscription ${sub.id}.`, { subscriptionId: sub.id });
}
