import { Injectable, Logger } from '@nestjs/common';
import { CommandRepository, GroupHolder, GroupQueueRepository, groupKey, parseGroupKey } from '@app/persistence';
import { ServiceClock } from '@app/platform';
import { CommandQueue } from './command-queue';
import { failedOutcome } from './command-finalizer';

/** A record older than this that no group holds was left by an intake that died before enlisting it. */
const ORPHAN_AGE_MS = 5 * 60_000;
/**
 * A record older than this, applied by its group's last write (its last run or outcome) but still
 * open while the group has nothing pending: its worker died before finishing it, and no pump is left
 * to recover it (a run can empty its group's queue, and Redis may lose the pump job).
 */
const UNFINISHED_AGE_MS = 30_000;
/** Groups read (by _id) per pass to look for such records; the rest wait for the next pass. */
const GROUPS_READ_PER_PASS = 100;
const UNFINISHED_READ = 500;

/**
 * Rebuilds the work in Redis from MongoDB: wakes every group with accepted commands not yet
 * finished (after Redis lost its data, a failover, or a lost wake-up). Safe to run any time, from
 * any number of workers; pumps are deduplicated per group and every step they take is guarded.
 */
@Injectable()
export class Reconciler {
  private readonly logger = new Logger(Reconciler.name);

  constructor(
    private readonly groups: GroupQueueRepository,
    private readonly commands: CommandRepository,
    private readonly queue: CommandQueue,
    private readonly clock: ServiceClock,
  ) {}

  async run(): Promise<{ groupsWoken: number; orphansClosed: number; unfinishedWoken: number }> {
    const pending = await this.groups.withPendingWork();
    for (const group of pending) await this.queue.wakeIfLost(groupKey(group), 'reconcile');
    const { closed: orphansClosed, woken: unfinishedWoken } = await this.sweepUnfinished(new Set(pending.map(groupKey)));
    if (pending.length > 0 || orphansClosed > 0 || unfinishedWoken > 0) {
      this.logger.log(`reconciled: woke ${pending.length} groups, ${unfinishedWoken} with applied records left open, closed ${orphansClosed} orphaned records`);
    }
    return { groupsWoken: pending.length, orphansClosed, unfinishedWoken };
  }

  /**
   * Old unfinished records: a group with nothing pending whose last write applied one (its worker
   * died before finishing it) is woken, and its pump recovers it (GroupPump → CommandFinalizer.recover);
   * one no group holds is closed as an orphan. A record of a group woken above is left to its pump
   * unless old enough to be an orphan, so a long backlog reads no more groups than before.
   */
  private async sweepUnfinished(woken: Set<string>): Promise<{ closed: number; woken: number }> {
    const real = Date.now();
    const stale = await this.commands.unfinishedBefore(new Date(real - UNFINISHED_AGE_MS), UNFINISHED_READ);
    const holders = new Map<string, GroupHolder | null>();
    let closed = 0;
    let unfinished = 0;
    for (const record of stale) {
      const orphanAge = record.acceptedAt.getTime() < real - ORPHAN_AGE_MS;
      if (woken.has(record.groupKey) && !orphanAge) continue;
      if (!holders.has(record.groupKey)) {
        if (holders.size >= GROUPS_READ_PER_PASS) continue;
        holders.set(record.groupKey, await this.groups.load(parseGroupKey(record.groupKey)));
      }
      const holder = holders.get(record.groupKey);
      const applied = holder && (holder.lastOutcome?.commandId === record._id || holder.lastRun?.ids.includes(record._id));
      if (applied && !woken.has(record.groupKey)) {
        await this.queue.wakeIfLost(record.groupKey, 'reconcile-unfinished');
        woken.add(record.groupKey);
        unfinished++;
        continue;
      }
      if (applied || holder?.queue.pending.includes(record._id) || !orphanAge) continue;
      const outcome = failedOutcome(record._id, record.seq ?? 0, await this.clock.now(), {
        code: 'INTAKE_INTERRUPTED',
        message: 'The request was interrupted before the command was queued; submit it again.',
      });
      if (await this.commands.finish(record._id, { ...outcome, result: null })) closed++;
    }
    return { closed, woken: unfinished };
  }
}
