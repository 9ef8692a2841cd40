import { Injectable } from '@nestjs/common';
import { CommandHooks, HookedRecord } from '@app/command-engine';
import { BatchRepository, BatchTallyRepository, CommandError, RowResult, StoredOutcome } from '@app/persistence';

export const BATCH_CANCELLED = 'BATCH_CANCELLED';

/** How long a worker trusts what it read of a batch's cancel flag (a cancel is answered 202: it takes effect shortly). */
const CANCEL_FLAG_TTL_MS = 250;

/** What a finished command outcome means for its batch row. */
export function rowResultOf(outcome: Pick<StoredOutcome, 'status' | 'error'>): RowResult {
  if (outcome.status === 'succeeded') return { outcome: 'succeeded' };
  const code = outcome.error?.code ?? 'INTERNAL_ERROR';
  return { outcome: code === BATCH_CANCELLED ? 'cancelled' : 'failed', code, message: outcome.error?.message ?? '' };
}

/**
 * A batch row's path through the command engine: a row of a cancelled batch is refused before it
 * is decided (one decided into a plan is carried out); a deferred row is marked; a finished row's result is written to its chunk's tally
 * (once, guarded by the row's key) before its command record is closed, so a crash in between is
 * repaired by the engine finishing the command again.
 */
@Injectable()
export class BatchRowHooks implements CommandHooks {
  private readonly cancelFlags = new Map<string, { cancelled: boolean; readAt: number }>();

  constructor(
    private readonly batches: BatchRepository,
    private readonly tallies: BatchTallyRepository,
  ) {}

  async refusalBeforeApply(record: HookedRecord): Promise<CommandError | null> {
    // A row whose plan is saved was decided, and its writes may be under way: it is carried out.
    if (!record.batchId || record.plan || !(await this.cancelled(record.batchId))) return null;
    return { code: BATCH_CANCELLED, message: 'The batch was cancelled before this row was applied.' };
  }

  async deferred(record: HookedRecord): Promise<void> {
    if (record.batchId && record.rowNumber) await this.tallies.markDeferred(record.batchId, record.rowNumber);
  }

  async finishing(record: HookedRecord, outcome: StoredOutcome): Promise<void> {
    if (record.batchId && record.rowNumber) await this.tallies.record(record.batchId, record.rowNumber, rowResultOf(outcome));
  }

  private async cancelled(batchId: string): Promise<boolean> {
    const known = this.cancelFlags.get(batchId);
    if (known && (known.cancelled || Date.now() - known.readAt < CANCEL_FLAG_TTL_MS)) return known.cancelled;
    const cancelled = (await this.batches.get(batchId))?.cancelRequested ?? false;
    if (this.cancelFlags.size > 1_000) this.cancelFlags.clear();
    this.cancelFlags.set(batchId, { cancelled, readAt: Date.now() });
    return cancelled;
  }
}
