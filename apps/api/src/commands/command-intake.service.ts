import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/domain';
import { CommandSubmitter, Submission } from '@app/command-engine';
import { CommandDocument } from '@app/persistence';
import { Metrics, newId } from '@app/platform';
import { ApiError } from '../common/api-error';
import { fingerprint } from './request-fingerprint';

export interface CommandRequest extends Omit<Submission, 'actor' | 'requestHash' | 'batch'> {
  principal: Principal;
  /** What the caller sent (path and body); the same key with a different request is refused. */
  request: unknown;
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
    const { principal, request: sent, ...submission } = request;
    const requestHash = fingerprint({ type: request.command.type, request: sent });
    const { created, record } = await this.submitter.submit({
      ...submission,
      actor: { userId: principal.userId, partnerId: principal.partnerId ?? null, roles: principal.roles },
      requestHash,
    });
    if (created === false && record.requestHash !== requestHash) {
      throw new ApiError(409, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request.', { commandId: record._id });
    }
    if (created === 'group-missing') throw new ApiError(404, 'NOT_FOUND', `No ${request.group.kind} ${request.group.id} was found.`);
    if (created === true) this.metrics.commandsAccepted.inc({ type: request.command.type });
    return record;
  }
}
