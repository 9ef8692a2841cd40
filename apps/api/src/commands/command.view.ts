import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { COMMAND_STATUSES, CommandDocument, CommandStatus } from '@app/persistence';
import { detailsList } from '../common/error-details';
import { ERROR_DETAILS_SCHEMA } from '../common/views';

/** A refusal or failure: its code (docs/error-codes.md), message and facts. */
export class CommandErrorView {
  @ApiProperty({ example: 'REDUCTION_WINDOW_CLOSED' })
  code!: string;

  @ApiProperty()
  message!: string;

  @ApiProperty({ ...ERROR_DETAILS_SCHEMA, description: 'The refusal\'s facts as data, e.g. `{ reason }` or `{ reducibleQuantity, requested, lots, nextReductionWindowOpensAt }`' })
  details!: Record<string, unknown>[];
}

/** The answer to a command request: `202`, `Location: /v1/commands/{commandId}` (api.md, "Commands"). */
export class CommandAcceptedView {
  @ApiProperty()
  commandId!: string;

  @ApiProperty({ enum: ['queued', 'succeeded', 'failed'], description: '`queued`, or the final status of the command a replayed Idempotency-Key names' })
  status!: 'queued' | 'succeeded' | 'failed';
}

/** A command as `GET /v1/commands/{id}` shows it (api.md). */
export class CommandView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'update-subscription' }) type!: string;
  @ApiProperty({ enum: COMMAND_STATUSES }) status!: CommandStatus;
  @ApiProperty() customerId!: string;
  @ApiPropertyOptional() subscriptionId?: string;
  @ApiProperty() acceptedAt!: Date;
  @ApiPropertyOptional() startedAt?: Date;
  @ApiPropertyOptional() finishedAt?: Date;
  @ApiProperty({ type: 'integer', minimum: 0 }) attempts!: number;
  @ApiPropertyOptional({ description: 'When a deferred command is retried' }) nextAttemptAt?: Date;
  @ApiPropertyOptional({ example: 'RENEWAL_IN_PROGRESS' }) deferredReason?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'On success, e.g. `{ orderId, subscriptionIds }` of an order' })
  result?: Record<string, unknown>;
  @ApiPropertyOptional({ type: CommandErrorView }) error?: CommandErrorView;
  @ApiPropertyOptional({ description: 'The batch the command is a row of' }) batchId?: string;
}

export function commandView(record: CommandDocument): CommandView {
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
    ...(record.error && record.status !== 'succeeded'
      ? { error: { code: record.error.code, message: record.error.message, details: detailsList(record.error.details) } }
      : {}),
    ...(record.batchId ? { batchId: record.batchId } : {}),
  };
}
