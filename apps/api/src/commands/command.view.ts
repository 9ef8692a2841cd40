import { CommandDocument } from '@app/persistence';

/** A command as `GET /v1/commands/{id}` shows it (api.md). */
export function commandView(record: CommandDocument) {
  return {
    id: record._id,
    type: record.type,
    status: record.status,
    customerId: record.customerId,
    ...(record.subscriptionId ? { subscriptionId: record.subscriptionId } : {}),
    acceptedAt: record.acceptedAt,
    ...(record.startedAt ? { startedAt: record.startedAt } : {}),
    ...(record.finishedAt ? { finishedAt: record.finishedAt } : {}),
    attempts: record.attempts,
    ...(record.nextAttemptAt ? { nextAttemptAt: record.nextAttemptAt } : {}),
    ...(record.deferredReason ? { deferredReason: record.deferredReason } : {}),
    ...(record.result ? { result: record.result } : {}),
    ...(record.error && record.status !== 'succeeded' ? { error: { code: record.error.code, message: record.error.message } } : {}),
    ...(record.batchId ? { batchId: record.batchId } : {}),
  };
}
