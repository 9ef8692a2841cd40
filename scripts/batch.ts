#!/usr/bin/env node
// `npm run batch -- file.csv [--dry-run] [--api URL] [--token T]`: uploads a bulk license-adjustment
// file (header customerId,subscriptionId,quantity), shows progress while the rows are applied, writes
// `<file>.results.csv` next to it and prints a summary. Exit code: 0 every row succeeded, 1 some did
// not, 2 a usage or transport error.
import { SingleBar } from 'cli-progress';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';

const USAGE = 'usage: npm run batch -- file.csv [--dry-run] [--api URL] [--token T]   (token also from API_TOKEN)';
const POLL_MS = 1_000;

class UsageError extends Error {}

interface Batch {
  id: string;
  status: string;
  total: number;
  succeeded: number;
  failed: number;
  deferred: number;
  cancelled: number;
  pending: number;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      api: { type: 'string', default: process.env.API_URL ?? 'http://127.0.0.1:3000' },
      token: { type: 'string', default: process.env.API_TOKEN },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || positionals.length !== 1) throw new UsageError(USAGE);
  if (!values.token) throw new UsageError(`no token: pass --token or set API_TOKEN\n${USAGE}`);
  const file = positionals[0];
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new UsageError(`cannot read ${file}`);
  }
  const api = values.api.replace(/\/$/, '');
  const headers = { authorization: `Bearer ${values.token}` };

  const upload = await fetch(`${api}/v1/batches${values['dry-run'] ? '?dryRun=true' : ''}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'text/csv', 'content-length': String(size) },
    body: Readable.toWeb(createReadStream(file)) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  const accepted = (await upload.json().catch(() => ({}))) as Partial<Batch> & { message?: string };
  if (upload.status !== 202 || !accepted.id) throw new Error(`upload refused: ${upload.status} ${accepted.message ?? ''}`.trim());
  process.stderr.write(`batch ${accepted.id}: ${accepted.total} rows${values['dry-run'] ? ' (dry run)' : ''}\n`);

  const batch = await follow(api, headers, accepted.id, accepted.total ?? 0);
  const results = join(dirname(file), `${basename(file, extname(file))}.results.csv`);
  const download = await fetch(`${api}/v1/batches/${batch.id}/results.csv`, { headers });
  if (download.status !== 200 || !download.body) throw new Error(`results: ${download.status}`);
  await pipeline(Readable.fromWeb(download.body as never), createWriteStream(results));

  const verb = values['dry-run'] ? 'would succeed' : 'succeeded';
  process.stdout.write(
    `batch ${batch.id} ${batch.status}: ${batch.succeeded} ${verb}, ${batch.failed} failed, ${batch.cancelled} cancelled of ${batch.total} rows\nresults: ${results}\n`,
  );
  return batch.failed === 0 && batch.cancelled === 0 ? 0 : 1;
}

/** Polls the batch until it ends, with a progress bar (rows done, rate, ETA) on a terminal. */
async function follow(api: string, headers: Record<string, string>, id: string, total: number): Promise<Batch> {
  const bar = new SingleBar({
    format: '{bar} {percentage}% | {value}/{total} rows | {rate} rows/s | ETA {eta_formatted} | failed {failed} | deferred {deferred}',
    stream: process.stderr,
    etaBuffer: 30,
  });
  bar.start(total, 0, { rate: '0', failed: 0, deferred: 0 });
  const started = Date.now();
  try {
    for (;;) {
      const response = await fetch(`${api}/v1/batches/${id}`, { headers });
      if (response.status !== 200) throw new Error(`progress: ${response.status}`);
      const batch = (await response.json()) as Batch;
      const done = batch.succeeded + batch.failed + batch.cancelled;
      const rate = done / Math.max(0.001, (Date.now() - started) / 1000);
      bar.update(done, { rate: rate.toFixed(0), failed: batch.failed, deferred: batch.deferred });
      if (batch.status === 'completed' || batch.status === 'cancelled') return batch;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    bar.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  },
);
