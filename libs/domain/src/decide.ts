import { DomainError, isDomainError } from './errors/domain-error';
import type { Command, CommandType } from './model/commands';
import type { Decision, DecisionContext, DecisionInput } from './model/decision';
import { decidePlaceOrder } from './decisions/place-order.decision';
import { decideUpdateSubscription } from './decisions/update-subscription.decision';

type DecisionFn<C extends Command> = (input: DecisionInput<C>, ctx: DecisionContext) => Decision;
type DecisionTable = { [T in CommandType]: DecisionFn<Extract<Command, { type: T }>> };

const notYet = (input: DecisionInput): Decision => ({
  kind: 'refused',
  error: new DomainError('VALIDATION_FAILED', `Command ${input.command.type} is not implemented yet.`),
});

/** One decision function per command type. */
const DECISIONS: DecisionTable = {
  'place-order': decidePlaceOrder,
  'update-subscription': decideUpdateSubscription,
  'suspend-subscription': notYet,
  'reactivate-subscription': notYet,
  'cancel-subscription': notYet,
  'upgrade-subscription': notYet,
  'put-scheduled-change': notYet,
  'delete-scheduled-change': notYet,
  'convert-trial': notYet,
  'submit-transfer': notYet,
  'start-renewal': notYet,
  'complete-renewal': notYet,
  'end-trial': notYet,
  'expire-subscription': notYet,
  'charge-cycle': notYet,
};

/**
 * Decides a command against the given state. Pure: inputs are never mutated, a refusal or deferral
 * changes nothing. Refusals are values; only programming errors throw.
 */
export function decide(input: DecisionInput, ctx: DecisionContext): Decision {
  const fn = DECISIONS[input.command.type] as DecisionFn<Command>;
  try {
    return fn(input, ctx);
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
