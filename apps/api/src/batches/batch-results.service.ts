import { Injectable } from '@nestjs/common';
import { neutralizeFormula } from '@app/domain';
import { BatchDocument, BatchRepository, BatchTallyRepository, chunkOfRow, RowResult } from '@app/persistence';
import { stringify } from 'csv-stringify';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

export const RESULT_COLUMNS = ['rowNumber', 'customerId', 'subscriptionId', 'quantity', 'outcome', 'errorCode', 'message'] as const;

/**
 * `GET /v1/batches/{id}/results.csv`: one line per input row, in file order, written chunk by
 * chunk (two reads by id per 500 rows) with backpressure, so a large batch is never in memory.
 * Every text field is neutralized against formula injection (R-EXP-1's rule for exports).
 */
@Injectable()
export class BatchResults {
  constructor(
    private readonly batches: BatchRepository,
    private readonly tallies: BatchTallyRepository,
  ) {}

  async write(batch: BatchDocument, out: Writable): Promise<void> {
    const csv = stringify({ record_delimiter: '\r\n' });
    csv.pipe(out);
    await write(csv, [...RESULT_COLUMNS]);
    for (let index = 0; index < batch.chunks; index++) {
      const [chunk, tally] = await Promise.all([this.batches.chunk(batch._id, index), this.tallies.get(batch._id, index)]);
      for (const row of chunk?.rows ?? []) {
        const { key } = chunkOfRow(row.rowNumber);
        const result: RowResult | undefined = tally?.results[key];
        const outcome = result?.outcome ?? (tally?.deferred[key] ? 'deferred' : 'pending');
        const fields = [String(row.rowNumber), row.customerId, row.subscriptionId, row.quantityText, outcome, result?.code ?? '', result?.message ?? ''];
        await write(csv, fields.map(neutralizeFormula));
      }
    }
    csv.end();
    await once(csv, 'end');
  }
}

async function write(csv: ReturnType<typeof stringify>, record: string[]): Promise<void> {
  if (!csv.write(record)) await once(csv, 'drain');
}
