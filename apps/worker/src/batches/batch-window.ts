import { BATCH_CHUNK_ROWS, BatchTallyRepository } from '@app/persistence';

/** Rows of one batch in their groups at once, neither finished nor waiting on a renewal. */
export const WINDOW_ROWS = 2 * BATCH_CHUNK_ROWS;
const POLL_MS = 250;
/** A window that has not moved for this long (its rows wait on renewals, or on a busy group) lets the next chunk in. */
const STALL_MS = 30_000;

/**
 * The batch lane's feed rate: the next chunk is queued only when the rows queued before it are
 * mostly done, so a batch never has more than WINDOW_ROWS rows (and groups) waiting for pumps.
 * That keeps the batch lane short, the load it puts on MongoDB bounded, and the groups the
 * reconciler wakes after Redis lost its data few.
 */
export class BatchWindow {
  /** Chunks whose every row has its result: never read again. */
  private readonly settled = new Set<number>();

  constructor(
    private readonly tallies: BatchTallyRepository,
    private readonly batchId: string,
  ) {}

  /** Waits until a chunk more fits behind the `fedChunks` chunks queued so far. */
  async roomAfter(fedChunks: number, shouldStop: () => Promise<boolean>): Promise<void> {
    let last = -1;
    let movedAt = Date.now();
    for (;;) {
      const open = await this.openRows(fedChunks);
      if (open + BATCH_CHUNK_ROWS <= WINDOW_ROWS) return;
      if (open !== last) {
        last = open;
        movedAt = Date.now();
      } else if (Date.now() - movedAt > STALL_MS) return;
      if (await shouldStop()) return;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private async openRows(fedChunks: number): Promise<number> {
    let open = 0;
    for (let index = 0; index < fedChunks; index++) {
      if (this.settled.has(index)) continue;
      const tally = await this.tallies.progress(this.batchId, index);
      if (!tally) continue;
      const finished = tally.succeeded + tally.failed + tally.cancelled;
      if (finished >= tally.size) this.settled.add(index);
      else open += tally.size - finished - Object.keys(tally.deferred).length;
    }
    return open;
  }
}
