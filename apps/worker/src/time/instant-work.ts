import { GroupRef } from '@app/persistence';

/** What the work of one instant set going and the clock must see finished before it steps on. */
export interface InstantWork {
  /** Commands submitted: finished, or deferred to later. */
  commands: string[];
  /** Groups woken (a retry, a renewal's completion): every command they hold applied, or the group deferred to later. */
  groups: GroupRef[];
  /** How many pieces of due work there were. */
  count: number;
}

export const NO_WORK: InstantWork = { commands: [], groups: [], count: 0 };

export function together(parts: InstantWork[]): InstantWork {
  return {
    commands: parts.flatMap((p) => p.commands),
    groups: parts.flatMap((p) => p.groups),
    count: parts.reduce((n, p) => n + p.count, 0),
  };
}
