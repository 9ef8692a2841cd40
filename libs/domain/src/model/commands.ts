import type { ScheduledChangeFields } from './subscription';
import type { BillingFrequency, TermDuration } from './values';

interface SubscriptionCommand {
  commandId: string;
  subscriptionId: string;
  /** R-CON-1: the subscription version the caller decided on (If-Match). */
  ifMatchVersion?: number;
}

export interface OrderLine {
  offerId: string;
  quantity: number;
  termDuration: TermDuration;
  billingFrequency: BillingFrequency;
  promotionId?: string;
  baseSubscriptionId?: string;
}

export interface PlaceOrder {
  type: 'place-order';
  commandId: string;
  customerId: string;
  orderId: string;
  lines: OrderLine[];
  /** Assigned at intake, one per line, so a redelivered order creates the same ids. */
  subscriptionIds: string[];
  resellerId?: string;
  additionalResellerIds?: string[];
  attestationAccepted: boolean;
}

/** PATCH: all-or-nothing across its fields. `billingFrequency` is the mid-term change of R-REN-5. */
export interface UpdateSubscription extends SubscriptionCommand {
  type: 'update-subscription';
  quantity?: number;
  autoRenewEnabled?: boolean;
  friendlyName?: string;
  billingFrequency?: BillingFrequency;
}

export interface SuspendSubscription extends SubscriptionCommand { type: 'suspend-subscription' }
export interface ReactivateSubscription extends SubscriptionCommand { type: 'reactivate-subscription' }
export interface CancelSubscription extends SubscriptionCommand { type: 'cancel-subscription' }

export interface UpgradeSubscription extends SubscriptionCommand {
  type: 'upgrade-subscription';
  targetOfferId?: string;
  targetSubscriptionId?: string;
  quantity: number;
  termDuration?: TermDuration;
  billingFrequency?: BillingFrequency;
  schedule: 'now' | 'renewal';
  newSubscriptionId: string;
}

export interface PutScheduledChange extends SubscriptionCommand, ScheduledChangeFields {
  type: 'put-scheduled-change';
}

export interface DeleteScheduledChange extends SubscriptionCommand { type: 'delete-scheduled-change' }

export interface ConvertTrial extends SubscriptionCommand {
  type: 'convert-trial';
  targetOfferId?: string;
  targetSubscriptionId?: string;
  quantity?: number;
  termDuration?: TermDuration;
  billingFrequency?: BillingFrequency;
  schedule: 'now' | 'trial-end';
  newSubscriptionId: string;
}

/**
 * R-TRA-2/3: the source partner (the acting partner) submits the chosen subscriptions of a transfer
 * requested by `targetPartnerId`. `newSubscriptionIds[i]` (assigned at intake) recreates `subscriptionIds[i]`.
 */
export interface SubmitTransfer {
  type: 'submit-transfer';
  commandId: string;
  transferId: string;
  customerId: string;
  /** The partner the subscriptions come from (the acting partner), recorded in both sides' history. */
  sourcePartnerId: string;
  targetPartnerId: string;
  subscriptionIds: string[];
  newSubscriptionIds: string[];
}

interface TimeCommand {
  commandId: string;
  subscriptionId: string;
}
export interface StartRenewal extends TimeCommand { type: 'start-renewal' }
export interface CompleteRenewal extends TimeCommand { type: 'complete-renewal' }
export interface EndTrial extends TimeCommand { type: 'end-trial' }
export interface ExpireSubscription extends TimeCommand { type: 'expire-subscription' }
export interface ChargeCycle extends TimeCommand { type: 'charge-cycle' }

export type Command =
  | PlaceOrder | UpdateSubscription | SuspendSubscription | ReactivateSubscription | CancelSubscription
  | UpgradeSubscription | PutScheduledChange | DeleteScheduledChange | ConvertTrial | SubmitTransfer
  | StartRenewal | CompleteRenewal | EndTrial | ExpireSubscription | ChargeCycle;

export type CommandType = Command['type'];

/** The command of one type. */
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

/** What a command record stores besides its type: the command without `type` and `commandId`. */
export type CommandPayload<T extends CommandType> = Omit<CommandOf<T>, 'type' | 'commandId'>;

/** The payload of any command type. */
export type CommandFields = { [T in CommandType]: CommandPayload<T> }[CommandType];

/** A command's own fields, as its record stores them. */
export function commandFields(command: Command): CommandFields {
  const { type: _type, commandId: _commandId, ...fields } = command;
  return fields;
}

export type TimeDrivenCommandType = 'start-renewal' | 'complete-renewal' | 'end-trial' | 'expire-subscription' | 'charge-cycle';

export const TIME_DRIVEN_COMMANDS: readonly TimeDrivenCommandType[] = [
  'start-renewal', 'complete-renewal', 'end-trial', 'expire-subscription', 'charge-cycle',
];

export function isTimeDriven(type: string): type is TimeDrivenCommandType {
  return (TIME_DRIVEN_COMMANDS as readonly string[]).includes(type);
}
