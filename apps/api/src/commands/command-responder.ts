import { Injectable } from '@nestjs/common';
import { CommandDocument, CommandRepository, FINAL_STATUSES } from '@app/persistence';
import type { Response } from 'express';
import { commandView } from './command.view';

const MAX_WAIT_SECONDS = 30;
const MIN_POLL_MS = 25;
const MAX_POLL_MS = 1_000;

/** Answers a command request: 202 with Location, or with `Prefer: wait=N` 200 once it finished. */
@Injectable()
export class CommandResponder {
  constructor(private readonly commands: CommandRepository) {}

  async reply(response: Response, record: CommandDocument, prefer: string | undefined) {
    const waitSeconds = preferredWait(prefer);
    response.setHeader('Location', `/v1/commands/${record._id}`);
    if (waitSeconds > 0) {
      const finished = await this.waitForFinish(record._id, waitSeconds * 1000);
      if (finished) {
        response.status(200).setHeader('Preference-Applied', `wait=${waitSeconds}`);
        return commandView(finished);
      }
    }
    response.status(202);
    return { commandId: record._id, status: record.status === 'succeeded' || record.status === 'failed' ? record.status : 'queued' };
  }

  private async waitForFinish(id: string, limitMs: number): Promise<CommandDocument | null> {
    const started = Date.now();
    for (;;) {
      const record = await this.commands.get(id);
      if (record && FINAL_STATUSES.includes(record.status)) return record;
      // Under load commands take seconds and hundreds of requests wait at once: each looks less
      // often the longer it has waited (a quarter of its wait so far, at most a second), which adds
      // little to its answer and keeps the reads from growing with the backlog.
      const waited = Date.now() - started;
      const pause = Math.min(Math.max(MIN_POLL_MS, waited / 4), MAX_POLL_MS);
      if (waited + pause > limitMs) return null;
      await new Promise((done) => setTimeout(done, pause));
    }
  }
}

/** `Prefer: wait=N` (RFC 7240), capped at 30 seconds; 0 when absent. */
export function preferredWait(header: string | undefined): number {
  const match = /(?:^|[,;\s])wait=(\d+)/i.exec(header ?? '');
  return match ? Math.min(Number(match[1]), MAX_WAIT_SECONDS) : 0;
}
