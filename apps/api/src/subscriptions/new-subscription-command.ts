import type { OnSubscription } from './subscription-command.sender';

/**
 * The shared part of a command that makes a subscription when it runs (an upgrade, a trial's
 * conversion): the body's fields, scheduled now unless it says otherwise, and the new
 * subscription's id, fixed at intake so that a redelivery makes the same one.
 */
export function makingSubscription<B extends { schedule?: string }>(body: B, on: OnSubscription, newSubscriptionId: string) {
  return { ...body, ...on, schedule: body.schedule ?? 'now', newSubscriptionId };
}
