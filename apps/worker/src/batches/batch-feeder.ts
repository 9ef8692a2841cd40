import { Injectable } from '@nestjs/common';
import { CommandDispatcher, commandRecordOf } from '@app/command-engine';
import {
  BatchChunkDocument,
  BatchDocument,
  BatchRepository,
  BatchRow,
  BatchTallyRepository,
  chunkOfRow,
  CommandRepository,
  NewCommand,
  RowResult,
  rowCommandId,
  SubscriptionRepository,
} from '@app/persistence';
import { ServiceClock } from '@app/platform';
import { BatchWindow } from './batch-window';
import { RowChecks } from './row-checks';

/** Subscriptions whose rows are queued at once (a subscription's own rows one after the other, in file order). */
const ENLIST_CONCURRENCY = 16;

/**
 * A live batch's rows become quantity commands, chunk by chunk in file order, as fast as the batch
 * lane takes them (BatchWindow): a row that cannot be one fails at once; the others' records are
 * inserted in bulk, then each is put in its subscription's queue and its group woken in the batch
 * lane (BatchPumpWorker), so interactive pumps never wait behind it. Every step can be repeated
 * after a crash: record ids are fixed by the row, and enlisting twice is harmless.
 */
@Injectable()
export class BatchFeeder {
  constructor(
    private readonly batches: BatchRepository,
    private readonly tallies: BatchTallyRepository,
    private readonly commands: CommandRepository,
    private readonly subscriptions: SubscriptionRepository,
    private readonly dispatcher: CommandDispatcher,
    private readonly clock: ServiceClock,
  ) {}

  /** Feeds the chunks not fed yet; stops early when the batch is being cancelled. */
  async feed(batch: BatchDocument, shouldStop: () => Promise<boolean>): Promise<void> {
    const checks = new RowChecks(this.subscriptions, batch.partnerId);
    const window = new BatchWindow(this.tallies, batch._id);
    for (let index = batch.fedChunks; index < batch.chunks; index++) {
      await window.roomAfter(index, shouldStop);
      if (await shouldStop()) return;
      const chunk = await this.batches.chunk(batch._id, index);
      if (!chunk) throw new Error(`chunk ${index} of batch ${batch._id} is missing`);
      await this.feedChunk(batch, chunk, checks);
      await this.batches.markFed(batch._id, index);
    }
  }

  private async feedChunk(batch: BatchDocument, chunk: BatchChunkDocument, checks: RowChecks): Promise<void> {
    await this.tallies.claim(batch._id, chunk.index);
    const tally = await this.tallies.get(batch._id, chunk.index);
    const open = chunk.rows.filter((row) => !tally?.results[chunkOfRow(row.rowNumber).key]);
    const failures: { rowNumber: number; result: RowResult }[] = [];
    const commands: { row: BatchRow; record: NewCommand }[] = [];
    const acceptedAt = await this.clock.now();
    for (const row of open) {
      const checked = await checks.check(row);
      if ('failure' in checked) failures.push({ rowNumber: row.rowNumber, result: checked.failure });
      else commands.push({ row, record: this.recordOf(batch, row, acceptedAt) });
    }
    await this.tallies.recordMany(batch._id, failures);
    await this.commands.insertMany(commands.map((command) => command.record));
    await this.enlistInOrder(batch._id, commands);
  }

  private recordOf(batch: BatchDocument, row: BatchRow, acceptedAt: Date): NewCommand {
    return commandRecordOf(
      {
        command: { type: 'update-subscription', commandId: rowCommandId(batch._id, row.rowNumber), subscriptionId: row.subscriptionId, quantity: row.quantity ?? undefined },
        actor: batch.actor,
        partnerId: batch.partnerId,
        customerId: row.customerId,
        subscriptionId: row.subscriptionId,
        subscriptionIds: [row.subscriptionId],
        group: { kind: 'subscription', id: row.subscriptionId },
        requestHash: '',
        batch: { id: batch._id, row: row.rowNumber },
      },
      acceptedAt,
    );
  }

  private async enlistInOrder(batchId: string, commands: { row: BatchRow; record: NewCommand }[]): Promise<void> {
    const bySubscription = new Map<string, BatchRow[]>();
    for (const { row } of commands) bySubscription.set(row.subscriptionId, [...(bySubscription.get(row.subscriptionId) ?? []), row]);
    const runs = [...bySubscription.values()];
    let next = 0;
    const lane = async () => {
      while (next < runs.length) {
        for (const row of runs[next++]) {
          const enlisted = await this.dispatcher.enlist({ kind: 'subscription', id: row.subscriptionId }, rowCommandId(batchId, row.rowNumber), 'batch-row', 'batch');
          if (enlisted !== 'missing' && enlisted.deferred) await this.tallies.markDeferred(batchId, row.rowNumber);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(ENLIST_CONCURRENCY, runs.length) }, lane));
  }
}
