import type { Subscription } from '../model/subscription';

export type ScheduledChangeTrigger =
  | 'cancel' | 'auto-renew-off' | 'suspend' | 'quantity-change' | 'upgrade-now' | 'trial-conversion'
  | 'auto-renew-on' | 'friendly-name' | 'reactivate' | 'billing-frequency-change' | 'transfer';

/**
 * R-SCH-4 as data (the Kill Bill way): what each mid-term change does to a scheduled change.
 * Anything not listed keeps it.
 */
export const SCHEDULED_CHANGE_POLICY: Readonly<Partial<Record<ScheduledChangeTrigger, 'delete' | 'keep'>>> = {
  cancel: 'delete',
  'auto-renew-off': 'delete',
  suspend: 'delete', // suspending turns auto-renew off (R-SUS-3)
  'quantity-change': 'delete',
  'upgrade-now': 'delete', // also R-UPG-7
  'trial-conversion': 'delete',
  transfer: 'delete',
};

export function scheduledChangeAction(trigger: ScheduledChangeTrigger): 'delete' | 'keep' {
  return SCHEDULED_CHANGE_POLICY[trigger] ?? 'keep';
}

/** Applies the table; the effect line says so (R-SCH-4: "the result says so"). */
export function afterMidTermChange(sub: Subscription, trigger: ScheduledChangeTrigger): { subscription: Subscription; effects: string[] } {
  if (!sub.scheduledChange || scheduledChangeAction(trigger) === 'keep') return { subscription: sub, effects: [] };
  const { scheduledChange: _deleted, ...rest } = sub;
  return { subscription: rest, effects: [`deletes the scheduled change of ${sub.id} (${trigger})`] };
}
