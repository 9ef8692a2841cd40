/** A group is the set of commands applied one at a time, in order: one subscription, or one customer's orders. */
export type GroupKind = 'subscription' | 'customer';

export interface GroupRef {
  kind: GroupKind;
  id: string;
}

const PREFIX: Record<GroupKind, string> = { subscription: 'sub', customer: 'cus' };

export function groupKey(ref: GroupRef): string {
  return `${PREFIX[ref.kind]}:${ref.id}`;
}

export function parseGroupKey(key: string): GroupRef {
  const [prefix, id] = [key.slice(0, 3), key.slice(4)];
  if (prefix === 'sub' && id) return { kind: 'subscription', id };
  if (prefix === 'cus' && id) return { kind: 'customer', id };
  throw new Error(`not a group key: ${key}`);
}
