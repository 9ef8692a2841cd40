import { GroupRef } from '../groups/group-ref';
import { earliest } from './earliest';

/** A subscription's next time-driven command (or renewal completion). */
export interface DueCommand {
  id: string;
  type: string;
  at: Date;
  customerId: string;
  partnerId: string;
}

/** What is due at an instant, and when something falls due next. */
export interface DueAgenda {
  /** Time-driven commands due by `now`, earliest first. */
  commands: DueCommand[];
  /** Subscriptions with a reminder due by `now`. */
  reminders: string[];
  /** Deferred groups whose wait is over by `now`. */
  deferred: GroupRef[];
  /** Some kind of work due by `now` had more than the limit: read again once this is done. */
  more: boolean;
  /** The earliest instant after `now` and up to the reading's end at which something falls due. */
  next?: Date;
}

/** A subscription's due fields, as the due-work index read them. */
export interface DueSubscription {
  id: string;
  customerId: string;
  partnerId: string;
  command?: { type: string; at: Date };
  reminderAt?: Date;
  deferredUntil?: Date;
}

const due = (at: Date | undefined, now: Date): at is Date => at !== undefined && at.getTime() <= now.getTime();
const after = (at: Date | undefined, now: Date, through: Date): Date | undefined => (at && at.getTime() > now.getTime() && at.getTime() <= through.getTime() ? at : undefined);

/**
 * One read of the due-work index up to `through`: what is due at any instant up to there, so the
 * sandbox clock reads once per instant (the read after an instant's work, which must see what that
 * work made due, also serves the next instant).
 */
export class DueReading {
  constructor(
    readonly through: Date,
    private readonly subscriptions: readonly DueSubscription[],
    private readonly customers: readonly { id: string; at: Date }[],
  ) {}

  /** What is due by `now`, at most `limit` of each kind (the earliest), and the next instant after `now`. */
  at(now: Date, limit = Number.POSITIVE_INFINITY): DueAgenda & { count: number } {
    const commands = this.subscriptions
      .filter((s) => due(s.command?.at, now))
      .map((s) => ({ id: s.id, type: s.command?.type ?? '', at: s.command?.at as Date, customerId: s.customerId, partnerId: s.partnerId }))
      .sort(byAt);
    const reminders = this.subscriptions.filter((s) => due(s.reminderAt, now)).sort((a, b) => byAt({ at: a.reminderAt as Date }, { at: b.reminderAt as Date }));
    const deferred = [
      ...this.subscriptions.filter((s) => due(s.deferredUntil, now)).map((s) => ({ ref: { kind: 'subscription' as const, id: s.id }, at: s.deferredUntil as Date })),
      ...this.customers.filter((c) => due(c.at, now)).map((c) => ({ ref: { kind: 'customer' as const, id: c.id }, at: c.at })),
    ].sort(byAt);
    const next = earliest(
      ...this.subscriptions.flatMap((s) => [s.command?.at, s.reminderAt, s.deferredUntil].map((at) => after(at, now, this.through))),
      ...this.customers.map((c) => after(c.at, now, this.through)),
    );
    const batch = {
      commands: commands.slice(0, limit),
      reminders: reminders.slice(0, limit).map((s) => s.id),
      deferred: deferred.slice(0, limit).map((d): GroupRef => d.ref),
    };
    return {
      ...batch,
      more: [commands, reminders, deferred].some((list) => list.length > limit),
      ...(next ? { next } : {}),
      count: batch.commands.length + batch.reminders.length + batch.deferred.length,
    };
  }
}

function byAt(a: { at: Date }, b: { at: Date }): number {
  return a.at.getTime() - b.at.getTime();
}
