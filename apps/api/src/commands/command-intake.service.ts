import { Injectable } from '@nestjs/common';
import type { CommandType, Principal } from '@app/domain';
import { CommandSubmitter } from '@app/messaging';
import { CommandDocument, GroupRef } from '@app/persistence';
import { Metrics, newId } from '@app/platform';
import { ApiError } from '../common/api-error';
import { fingerprint } from './request-fingerprint';

export interface CommandRequest {
  type: CommandType;
  principal: Principal;
  /** The partner the command acts for (the caller's). */
  partnerId: string;
  customerId: string;
  subscriptionId?: string;
  /** Every subscription the command concerns (the target, and those it creates). */
  subscriptionIds: string[];
  group: GroupRef;
  /** The domain command without `type` and `commandId`. */
  payload: Record<string, unknown>;
  idempotencyKey?: string;
  /** What the caller sent (path and body); the same key with a different request is refused. */
  request: unknown;
  commandId?: string;
}

/**
 * HTTP command intake (architecture.md, step 1): the record is in MongoDB and in its group's
 * queue before the 202; a replayed Idempotency-Key answers the first command.
 */
@Injectable()
export class CommandIntake {
  constructor(
    private readonly submitter: CommandSubmitter,
    private readonly metrics: Metrics,
  ) {}

  newCommandId(): string {
    return newId();
  }

  async accept(request: CommandRequest): Promise<CommandDocument> {
    const requestHash = fingerprint({ type: request.type, request: request.request });
    const { created, record } = await this.submitter.submit({
      type: request.type,
      actor: { userId: request.principal.userId, partnerId: request.principal.partnerId ?? null, roles: request.principal.roles },
      partnerId: request.partnerId,
      customerId: request.customerId,
      subscriptionId: request.subscriptionId,
      subscriptionIds: request.subscriptionIds,
      group: request.group,
      payload: request.payload,
      idempotencyKey: request.idempotencyKey,
      requestHash,
      commandId: request.commandId,
    });
    if (created === false && record.requestHash !== requestHash) {
      throw new ApiError(409, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request.', { commandId: record._id });
    }
    if (created === 'group-missing') throw new ApiError(404, 'NOT_FOUND', `No ${request.group.kind} ${request.group.id} was found.`);
    if (created === true) this.metrics.commandsAccepted.inc({ type: request.type });
    return record;
  }
}
