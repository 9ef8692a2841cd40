import { createHash } from 'node:crypto';

/**
 * The id of a time-driven command: the same for the same due work, so every worker that sees it due
 * submits the same command and only the first submission counts.
 */
export function timeCommandId(subscriptionId: string, type: string, dueAt: Date): string {
  return `t-${createHash('sha256').update(`${subscriptionId}|${type}|${dueAt.toISOString()}`).digest('hex').slice(0, 40)}`;
}
