import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Principal } from '@app/domain';
import { BatchQueue } from '@app/command-engine';
import { BATCH_CHUNK_ROWS, BatchChunkDocument, BatchDocument, BatchRepository, BatchRow, chunkId, NO_COUNTS } from '@app/persistence';
import { APP_CONFIG, AppConfig, newId, ServiceClock } from '@app/platform';
import { Options, parse } from 'csv-parse';
import { pipeline, Readable, Transform } from 'node:stream';
import { ApiError } from '../common/api-error';
import { partnerOf } from '../auth/principal.decorator';
import { BATCH_COLUMNS, batchRowOf, unreadableRow } from './batch-row';

/** Chunks written to MongoDB in one bulk insert (2,000 rows), so a large file costs few round trips. */
const CHUNKS_PER_INSERT = 4;
/** A CSV record longer than this is a bad row, not a reason to buffer the file. */
const MAX_RECORD_BYTES = 64 * 1024;

const invalid = (message: string) => new ApiError(400, 'VALIDATION_FAILED', message, [{ field: 'body', message }]);

/**
 * Takes a batch upload (api.md, "Bulk license adjustments"): a CSV file parsed as a stream, or a
 * JSON body; each row is checked for shape and stored in chunks of 500 rows with bulk inserts, so
 * no more than a few thousand rows are in memory whatever the file's size. The batch document is
 * written last: a batch that exists has all its rows, and only then is it answered 202.
 */
@Injectable()
export class BatchUpload {
  private readonly logger = new Logger(BatchUpload.name);

  constructor(
    private readonly batches: BatchRepository,
    private readonly queue: BatchQueue,
    private readonly clock: ServiceClock,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'batchMaxBytes'>,
  ) {}

  fromCsv(body: Readable, declaredLength: number | undefined, principal: Principal, dryRun: boolean): Promise<BatchDocument> {
    if (declaredLength !== undefined && declaredLength > this.config.batchMaxBytes) throw this.tooLarge();
    return this.store(this.csvRows(body), principal, dryRun);
  }

  fromJson(rows: unknown[], principal: Principal, dryRun: boolean): Promise<BatchDocument> {
    return this.store(jsonRows(rows), principal, dryRun);
  }

  private async store(rows: AsyncIterable<BatchRow>, principal: Principal, dryRun: boolean): Promise<BatchDocument> {
    const batchId = newId();
    const pending: BatchChunkDocument[] = [];
    let current: BatchRow[] = [];
    let total = 0;
    let chunks = 0;
    const close = () => {
      if (current.length > 0) pending.push({ _id: chunkId(batchId, chunks), batchId, index: chunks++, rows: current });
      current = [];
    };
    for await (const row of rows) {
      current.push(row);
      total++;
      if (current.length === BATCH_CHUNK_ROWS) close();
      if (pending.length >= CHUNKS_PER_INSERT) await this.batches.insertChunks(pending.splice(0));
    }
    close();
    if (total === 0) throw invalid('The batch has no rows.');
    await this.batches.insertChunks(pending.splice(0));
    const batch: BatchDocument = {
      _id: batchId,
      partnerId: partnerOf(principal),
      actor: { userId: principal.userId, partnerId: principal.partnerId ?? null, roles: principal.roles },
      dryRun,
      status: 'validating',
      total,
      chunks,
      createdAt: await this.clock.now(),
      startedAt: null,
      finishedAt: null,
      fedChunks: 0,
      cancelRequested: false,
      counts: NO_COUNTS,
      completedEventId: null,
    };
    await this.batches.create(batch);
    try {
      await this.queue.start(batchId);
    } catch (error) {
      // Accepted all the same: the batch is in MongoDB and every worker's reconciler starts it.
      this.logger.warn(`could not queue batch ${batchId}: ${(error as Error).message}`);
    }
    return batch;
  }

  /** RFC 4180 records (a BOM and CRLF accepted) as rows; the first record must be the header. */
  private async *csvRows(body: Readable): AsyncGenerator<BatchRow> {
    let number = 0;
    const unreadable: BatchRow[] = [];
    // The parser numbers records as it reads them (skipped ones included); they come out in that order.
    const numbers: number[] = [];
    let lastSkippedLine: number | undefined;
    const options: Options = {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      max_record_size: MAX_RECORD_BYTES,
      on_record: (fields: string[]) => {
        numbers.push(number++);
        return fields;
      },
      on_skip: (error: (Error & { lines?: number }) | undefined) => {
        // One bad record may be reported more than once (each bad quote in it), always at the same line.
        if (error?.lines !== undefined && error.lines === lastSkippedLine) return undefined;
        lastSkippedLine = error?.lines;
        unreadable.push(unreadableRow(number++, `the row is not valid CSV: ${error?.message.split(':')[0] ?? 'unreadable'}`));
        return undefined;
      },
    };
    const parsed: AsyncIterable<string[]> = pipeline(body, this.sizeLimit(), parse(options), () => undefined);
    let columns: string[] | undefined;
    try {
      for await (const fields of parsed) {
        const record = { number: numbers.shift() ?? number, fields };
        if (!columns) {
          columns = headerOf(record);
          continue;
        }
        // Rows the parser skipped before this one come first, in file order.
        while (unreadable.length > 0 && unreadable[0].rowNumber < record.number) yield unreadable.shift() as BatchRow;
        yield rowOfRecord(record.number, record.fields, columns);
      }
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw invalid(`The file is not CSV: ${(error as Error).message}`);
    }
    if (!columns) throw invalid(`The file must start with the header ${BATCH_COLUMNS.join(',')}.`);
    yield* unreadable;
  }

  /** Stops reading (413) as soon as the upload passes BATCH_MAX_BYTES, whatever Content-Length said. */
  private sizeLimit(): Transform {
    let seen = 0;
    const max = this.config.batchMaxBytes;
    const tooLarge = () => this.tooLarge();
    return new Transform({
      transform(chunk: Buffer, _encoding, done) {
        seen += chunk.length;
        if (seen > max) done(tooLarge());
        else done(null, chunk);
      },
    });
  }

  private tooLarge(): ApiError {
    return new ApiError(413, 'PAYLOAD_TOO_LARGE', `The upload is larger than allowed (${this.config.batchMaxBytes} bytes).`);
  }
}

interface NumberedRecord {
  number: number;
  fields: string[];
}

function headerOf(record: NumberedRecord): string[] {
  const columns = record.fields.map((field) => field.trim());
  const exact = record.number === 0 && columns.length === BATCH_COLUMNS.length && BATCH_COLUMNS.every((column) => columns.includes(column));
  if (!exact) throw invalid(`The file must start with the header ${BATCH_COLUMNS.join(',')}.`);
  return columns;
}

function rowOfRecord(number: number, fields: string[], columns: string[]): BatchRow {
  if (fields.length !== columns.length) return unreadableRow(number, `the row has ${fields.length} fields, expected ${columns.length}`);
  return batchRowOf(number, Object.fromEntries(columns.map((column, i) => [column, fields[i]])));
}

async function* jsonRows(rows: unknown[]): AsyncGenerator<BatchRow> {
  let number = 0;
  for (const row of rows) {
    number++;
    yield row && typeof row === 'object' && !Array.isArray(row) ? batchRowOf(number, row as Record<string, unknown>) : unreadableRow(number, 'a row must be an object');
  }
}
