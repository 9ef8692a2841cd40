import { Command, historyEntry, HistoryEntry, HistoryOutcome } from '@app/domain';
import { CommandDocument } from '@app/persistence';

/** Final codes that are not a rule refusing the command but the command failing (R-AUD-1 tells them apart). */
const FAILURE_CODES = new Set(['INTERNAL_ERROR', 'RENEWAL_CONFLICT_TIMEOUT']);

/**
 * R-AUD-1: a command's life as history entries: accepted, each deferral, then applied, refused or
 * failed, each with actor, time, input and outcome. Entries keep the commands' order of acceptance.
 */
export function historyOf(records: readonly CommandDocument[]): HistoryEntry[] {
  return records.flatMap(entriesOf);
}

function entriesOf(record: CommandDocument): HistoryEntry[] {
  const command = { ...record.payload, type: record.type, commandId: record._id } as unknown as Command;
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
    entries.push(historyEntry(command, actor, at, outcome, { code: record.error.code, message: record.error.message }));
  }
  return entries;
}
