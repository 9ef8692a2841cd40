import { isDomainError } from './errors/domain-error';
import type { Command, CommandType } from './model/commands';
import type { Customer } from './model/customer';
import type { Subscription } from './model/subscription';
import type { Decision, DecisionContext, DecisionInput, FullInput } from './model/decision';
import { decidePlaceOrder } from './decisions/place-order.decision';
import { decideUpdateSubscription } from './decisions/update-subscription.decision';
import { decideSuspendSubscription } from './decisions/suspend-subscription.decision';
import { decideReactivateSubscription } from './decisions/reactivate-subscription.decision';
import { decideCancelSubscription } from './decisions/cancel-subscription.decision';
import { decideUpgradeSubscription } from './decisions/upgrade-subscription.decision';
import { decidePutScheduledChange } from './decisions/put-scheduled-change.decision';
import { decideDeleteScheduledChange } from './decisions/delete-scheduled-change.decision';
import { decideConvertTrial } from './decisions/convert-trial.decision';
import { decideSubmitTransfer } from './decisions/submit-transfer.decision';
import { decideStartRenewal } from './decisions/start-renewal.decision';
import { completeRenewalReadsSubscriptions, decideCompleteRenewal } from './decisions/complete-renewal.decision';
import { endTrialReadsSubscriptions } from './decisions/conversion-at-trial-end';
import { decideEndTrial } from './decisions/end-trial.decision';
import { decideExpireSubscription } from './decisions/expire-subscription.decision';
import { decideChargeCycle } from './decisions/charge-cycle.decision';

type DecisionFn<C extends Command> = (input: FullInput<C>, ctx: DecisionContext) => Decision;
type DecisionTable = { [T in CommandType]: DecisionFn<Extract<Command, { type: T }>> };

/** One decision function per command type. */
const DECISIONS: DecisionTable = {
  'place-order': decidePlaceOrder,
  'update-subscription': decideUpdateSubscription,
  'suspend-subscription': decideSuspendSubscription,
  'reactivate-subscription': decideReactivateSubscription,
  'cancel-subscription': decideCancelSubscription,
  'upgrade-subscription': decideUpgradeSubscription,
  'put-scheduled-change': decidePutScheduledChange,
  'delete-scheduled-change': decideDeleteScheduledChange,
  'convert-trial': decideConvertTrial,
  'submit-transfer': decideSubmitTransfer,
  'start-renewal': decideStartRenewal,
  'complete-renewal': decideCompleteRenewal,
  'end-trial': decideEndTrial,
  'expire-subscription': decideExpireSubscription,
  'charge-cycle': decideChargeCycle,
};

/** Every command type, in the order of the decision table. */
export const COMMAND_TYPES = Object.keys(DECISIONS) as CommandType[];

/**
 * Decides a command against the given state. Pure: inputs are never mutated, a refusal or deferral
 * changes nothing. Refusals are values; only programming errors throw.
 */
export function decide(input: DecisionInput, ctx: DecisionContext): Decision {
  const fn = DECISIONS[input.command.type] as DecisionFn<Command>;
  try {
    return fn({ ...input, subscriptions: input.subscriptions ?? [], partners: input.partners ?? [] }, ctx);
  } catch (e) {
    if (isDomainError(e)) return { kind: 'refused', error: e };
    throw e;
  }
}

/** Commands whose decision reads all the customer's subscriptions (`input.subscriptions`). */
const NEEDS_SUBSCRIPTIONS: ReadonlySet<CommandType> = new Set<CommandType>([
  'place-order', 'upgrade-subscription', 'convert-trial', 'submit-transfer', 'suspend-subscription',
  'reactivate-subscription', 'cancel-subscription', 'end-trial', 'put-scheduled-change', 'complete-renewal',
]);

export function commandNeedsCustomerSubscriptions(type: CommandType): boolean {
  return NEEDS_SUBSCRIPTIONS.has(type);
}

/**
 * Whether deciding `command` on this state reads the customer's subscriptions: finer than
 * commandNeedsCustomerSubscriptions for the time-driven commands that read them only in a rare case,
 * so that a renewal or a trial's end does not load a hundred subscriptions to decide on one.
 */
export function decisionReadsCustomerSubscriptions(command: Command, customer: Customer, subscription: Subscription | undefined, ctx: DecisionContext): boolean {
  if (!NEEDS_SUBSCRIPTIONS.has(command.type)) return false;
  if (!subscription) return true;
  if (command.type === 'complete-renewal') return completeRenewalReadsSubscriptions(subscription, customer, command.commandId, ctx);
  if (command.type === 'end-trial') return endTrialReadsSubscriptions(subscription);
  return true;
}
