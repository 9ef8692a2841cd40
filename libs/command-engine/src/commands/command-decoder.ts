import { BILLING_FREQUENCIES, Command, CommandOf, CommandType, TERM_DURATIONS } from '@app/domain';
import { CommandDocument } from '@app/persistence';
import { z } from 'zod';

const id = z.string();
const count = z.number();
const termDuration = z.enum(TERM_DURATIONS);
const billingFrequency = z.enum(BILLING_FREQUENCIES);
const onSubscription = { subscriptionId: id, ifMatchVersion: count.optional() };
const timeDriven = { subscriptionId: id };

/** A command's schema: its type, its id and its own fields. */
function command<T extends CommandType, S extends z.ZodRawShape>(type: T, fields: S) {
  return z.object({ type: z.literal(type), commandId: id, ...fields });
}

const orderLine = z.object({
  offerId: id,
  quantity: count,
  termDuration,
  billingFrequency,
  promotionId: id.optional(),
  baseSubscriptionId: id.optional(),
});

/**
 * What a record must hold, per command type. Typed against the domain's commands, so a field the
 * domain adds or changes fails to compile here until the decoder knows it too.
 */
const COMMANDS: { [T in CommandType]: z.ZodType<CommandOf<T>> } = {
  'place-order': command('place-order', {
    customerId: id,
    orderId: id,
    lines: z.array(orderLine),
    subscriptionIds: z.array(id),
    resellerId: id.optional(),
    additionalResellerIds: z.array(id).optional(),
    attestationAccepted: z.boolean(),
  }),
  'update-subscription': command('update-subscription', {
    ...onSubscription,
    quantity: count.optional(),
    autoRenewEnabled: z.boolean().optional(),
    friendlyName: z.string().optional(),
    billingFrequency: billingFrequency.optional(),
  }),
  'suspend-subscription': command('suspend-subscription', onSubscription),
  'reactivate-subscription': command('reactivate-subscription', onSubscription),
  'cancel-subscription': command('cancel-subscription', onSubscription),
  'upgrade-subscription': command('upgrade-subscription', {
    ...onSubscription,
    targetOfferId: id.optional(),
    targetSubscriptionId: id.optional(),
    quantity: count,
    termDuration: termDuration.optional(),
    billingFrequency: billingFrequency.optional(),
    schedule: z.enum(['now', 'renewal']),
    newSubscriptionId: id,
  }),
  'put-scheduled-change': command('put-scheduled-change', {
    ...onSubscription,
    offerId: id.optional(),
    quantity: count.optional(),
    termDuration: termDuration.optional(),
    billingFrequency: billingFrequency.optional(),
    cotermEndDate: z.date().optional(),
    targetSubscriptionId: id.optional(),
  }),
  'delete-scheduled-change': command('delete-scheduled-change', onSubscription),
  'convert-trial': command('convert-trial', {
    ...onSubscription,
    targetOfferId: id.optional(),
    targetSubscriptionId: id.optional(),
    quantity: count.optional(),
    termDuration: termDuration.optional(),
    billingFrequency: billingFrequency.optional(),
    schedule: z.enum(['now', 'trial-end']),
    newSubscriptionId: id,
  }),
  'submit-transfer': command('submit-transfer', {
    transferId: id,
    customerId: id,
    sourcePartnerId: id,
    targetPartnerId: id,
    subscriptionIds: z.array(id),
    newSubscriptionIds: z.array(id),
  }),
  'start-renewal': command('start-renewal', timeDriven),
  'complete-renewal': command('complete-renewal', timeDriven),
  'end-trial': command('end-trial', timeDriven),
  'expire-subscription': command('expire-subscription', timeDriven),
  'charge-cycle': command('charge-cycle', timeDriven),
};

/** A stored record that is not a command this code knows: it fails with INTERNAL_ERROR, its group goes on. */
export class UndecodableCommand extends Error {}

/** The command a record holds, checked field by field: the one way a stored command is read back. */
export function decodeCommand(record: Pick<CommandDocument, '_id' | 'type' | 'payload'>): Command {
  const type: string = record.type;
  if (!isCommandType(type)) throw new UndecodableCommand(`command ${record._id} has an unknown type ${type}`);
  const payload = record.payload !== null && typeof record.payload === 'object' ? record.payload : {};
  const parsed = COMMANDS[type].safeParse({ ...payload, type, commandId: record._id });
  if (!parsed.success) throw new UndecodableCommand(`command ${record._id} (${type}) does not decode: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function isCommandType(type: string): type is CommandType {
  return Object.hasOwn(COMMANDS, type);
}
