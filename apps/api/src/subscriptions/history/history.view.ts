import { decodeCommand, UndecodableCommand } from '@app/command-engine';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Command, historyEntry, HistoryEntry, HistoryOutcome } from '@app/domain';
import { CommandDocument } from '@app/persistence';
import { detailsList } from '../../common/error-details';

const OUTCOMES: HistoryOutcome[] = ['accepted', 'deferred', 'applied', 'refused', 'failed'];

/** One step of a command's life on the subscription (R-AUD-1). */
export class HistoryEntryView {
  @ApiProperty() at!: Date;
  @ApiProperty({ description: 'The user id of who sent the command, or `system` for time-driven work' }) actor!: string;
  @ApiProperty() commandId!: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'The command\'s place in the subscription\'s order' }) seq?: number;
  @ApiProperty({ example: 'update-subscription' }) type!: string;
  @ApiProperty({ enum: OUTCOMES }) outcome!: HistoryOutcome;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: '`input`; `result` when applied; `reason` and `nextAttemptAt` when deferred; `error: { code, message, details: [...] }` when refused or failed',
  })
  details!: Record<string, unknown>;
}

/** Final codes that are not a rule refusing the command but the command failing (R-AUD-1 tells them apart). */
const FAILURE_CODES = new Set(['INTERNAL_ERROR', 'RENEWAL_CONFLICT_TIMEOUT']);

/**
 * R-AUD-1: a command's life as history entries: accepted, each deferral, then applied, refused or
 * failed, each with actor, time, input and outcome. Commands come in the order they were applied
 * or refused (api.md), not accepted: see `inAppliedOrder`.
 */
export function historyOf(records: readonly CommandDocument[]): HistoryEntryView[] {
  return inAppliedOrder(records).flatMap((record) => {
    const entries = entriesOf(record);
    return record.seq === null || record.seq === undefined ? entries : entries.map(({ at, actor, commandId, ...rest }) => ({ at, actor, commandId, seq: record.seq as number, ...rest }));
  });
}

/**
 * Within one group (the subscription's, or the customer's for orders) the pump applied commands
 * by `seq`, which times cannot tell apart under the sandbox clock; groups are interleaved by finish
 * time. Commands not yet applied or refused come last, in order of acceptance.
 */
export function inAppliedOrder(records: readonly CommandDocument[]): CommandDocument[] {
  const finished = records.filter((record) => typeof record.seq === 'number' && record.finishedAt);
  const open = records.filter((record) => !finished.includes(record));
  const groups = new Map<string, CommandDocument[]>();
  for (const record of finished) groups.set(record.groupKey, [...(groups.get(record.groupKey) ?? []), record]);
  const queues = [...groups.values()].map((group) => group.sort((a, b) => (a.seq as number) - (b.seq as number)));
  const ordered: CommandDocument[] = [];
  for (;;) {
    const heads = queues.filter((queue) => queue.length > 0);
    if (heads.length === 0) break;
    const earliest = heads.reduce((best, queue) => ((queue[0].finishedAt as Date).getTime() < (best[0].finishedAt as Date).getTime() ? queue : best));
    ordered.push(earliest.shift() as CommandDocument);
  }
  return [...ordered, ...open.sort((a, b) => a.acceptedAt.getTime() - b.acceptedAt.getTime() || a._id.localeCompare(b._id))];
}

function entriesOf(record: CommandDocument): HistoryEntry[] {
  const command = commandOf(record);
  if (!command) return [];
  const actor = record.actor.userId;
  const entries: HistoryEntry[] = [historyEntry(command, actor, record.acceptedAt, 'accepted')];
  for (const deferral of record.deferrals ?? []) {
    const entry = historyEntry(command, actor, deferral.at, 'deferred');
    entries.push({ ...entry, details: { ...entry.details, reason: deferral.reason, nextAttemptAt: deferral.nextAttemptAt } });
  }
  const at = record.finishedAt ?? record.acceptedAt;
  if (record.status === 'succeeded') {
    const entry = historyEntry(command, actor, at, 'applied');
    entries.push({ ...entry, details: { ...entry.details, result: record.result ?? {} } });
  } else if (record.status === 'failed' && record.error) {
    const outcome: HistoryOutcome = FAILURE_CODES.has(record.error.code) ? 'failed' : 'refused';
    const entry = historyEntry(command, actor, at, outcome);
    entries.push({ ...entry, details: { ...entry.details, error: { code: record.error.code, message: record.error.message, details: detailsList(record.error.details) } } });
  }
  return entries;
}

/** The record's command; none for a record that does not decode (the worker fails it with INTERNAL_ERROR). */
function commandOf(record: CommandDocument): Command | undefined {
  try {
    return decodeCommand(record);
  } catch (error) {
    if (error instanceof UndecodableCommand) return undefined;
    throw error;
  }
}
