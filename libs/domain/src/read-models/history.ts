import type { Command } from '../model/commands';
import type { Decision } from '../model/decision';

export type HistoryOutcome = 'accepted' | 'applied' | 'deferred' | 'refused' | 'failed';

export interface HistoryEntry {
  at: Date;
  actor: string;
  commandId: string;
  type: Command['type'];
  outcome: HistoryOutcome;
  details: Record<string, unknown>;
}

/**
 * R-AUD-1: the history entry of a command at one step of its life (accepted at intake, then applied,
 * deferred, refused by a rule, or failed), with actor, time, input and outcome.
 */
export function historyEntry(command: Command, actor: string, at: Date, outcome: HistoryOutcome | Decision, error?: { code: string; message: string }): HistoryEntry {
  const input = { ...command } as Record<string, unknown>;
  if (typeof outcome === 'string') {
    return { at, actor, commandId: command.commandId, type: command.type, outcome, details: { input, ...(error ? { error } : {}) } };
  }
  switch (outcome.kind) {
    case 'accepted':
      return { at, actor, commandId: command.commandId, type: command.type, outcome: 'applied', details: { input, result: outcome.result, charges: outcome.charges.length, warnings: outcome.warnings } };
    case 'deferred':
      return { at, actor, commandId: command.commandId, type: command.type, outcome: 'deferred', details: { input, reason: outcome.reason } };
    default:
      return { at, actor, commandId: command.commandId, type: command.type, outcome: 'refused', details: { input, error: { code: outcome.error.code, message: outcome.error.message, details: outcome.error.details } } };
  }
}
