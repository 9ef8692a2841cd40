import { Injectable } from '@nestjs/common';
import type { CommandType, Principal } from '@app/domain';
import { CommandDispatcher } from '@app/messaging';
import { CommandDocument, CommandRepository, GroupRef, groupKey } from '@app/persistence';
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
  batch?: { id: string; row: number };
}

/**
 * Command intake (architecture.md, step 1): the record is written to MongoDB before the 202,
 * then put in its group's queue and its group woken. Once this returns, nothing loses the command.
 */
@Injectable()
export class CommandIntake {
  constructor(
    private readonly commands: CommandRepository,
    private readonly dispatcher: CommandDispatcher,
    private readonly metrics: Metrics,
  ) {}

  newCommandId(): string {
    return newId();
  }

  async accept(request: CommandRequest): Promise<CommandDocument> {
    const id = request.commandId ?? newId();
    const requestHash = fingerprint({ type: request.type, request: request.request });
    const { created, record } = await this.commands.insert({
      _id: id,
      type: request.type,
      partnerId: request.partnerId,
      customerId: request.customerId,
      subscriptionId: request.subscriptionId ?? null,
      subscriptionIds: request.subscriptionIds,
      groupKey: groupKey(request.group),
      payload: request.payload,
      actor: { userId: request.principal.userId, partnerId: request.principal.partnerId ?? null, roles: request.principal.roles },
      idempotencyKey: request.idempotencyKey ? `${request.partnerId}:${request.idempotencyKey}` : id,
      requestHash,
      acceptedAt: new Date(),
      batchId: request.batch?.id ?? null,
      rowNumber: request.batch?.row ?? null,
    });
    if (!created) {
      if (record.requestHash !== requestHash) {
        throw new ApiError(409, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request.', {
          commandId: record._id,
        });
      }
      return record;
    }
    const enlisted = await this.dispatcher.enlist(request.group, id, request.type);
    if (enlisted === 'missing') throw new ApiError(404, 'NOT_FOUND', `No ${request.group.kind} ${request.group.id} was found.`);
    this.metrics.commandsAccepted.inc({ type: request.type });
    return record;
  }
}
