import { Injectable, Logger } from '@nestjs/common';
import { CommandRepository, GroupQueueRepository, groupKey, parseGroupKey } from '@app/persistence';
import { ServiceClock } from '@app/platform';
import { CommandQueue } from './command-queue';
import { failedOutcome } from './command-finalizer';

/** A record older than this that no group holds was left by an intake that died before enlisting it. */
const ORPHAN_AGE_MS = 5 * 60_000;

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

  async run(): Promise<{ groupsWoken: number; orphansClosed: number }> {
    const pending = await this.groups.withPendingWork();
    for (const group of pending) await this.queue.wakeIfLost(groupKey(group), 'reconcile');
    const orphansClosed = await this.closeOrphans();
    if (pending.length > 0 || orphansClosed > 0) {
      this.logger.log(`reconciled: woke ${pending.length} groups, closed ${orphansClosed} orphaned records`);
    }
    return { groupsWoken: pending.length, orphansClosed };
  }

  private async closeOrphans(): Promise<number> {
    const real = Date.now();
    const stale = await this.commands.unfinishedBefore(new Date(real - ORPHAN_AGE_MS), 500);
    let closed = 0;
    for (const record of stale) {
      const holder = await this.groups.load(parseGroupKey(record.groupKey));
      const held = holder && (holder.queue.pending.includes(record._id) || holder.lastOutcome?.commandId === record._id || holder.lastRun?.ids.includes(record._id));
      if (held) continue;
      const outcome = failedOutcome(record._id, record.seq ?? 0, await this.clock.now(), {
        code: 'INTAKE_INTERRUPTED',
        message: 'The request was interrupted before the command was queued; submit it again.',
      });
      if (await this.commands.finish(record._id, { ...outcome, result: null })) closed++;
    }
    return closed;
  }
}
