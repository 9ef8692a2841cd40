import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BATCH_STATUSES, BatchDocument, BatchStatus } from '@app/persistence';

export class BatchAcceptedView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: BATCH_STATUSES }) status!: BatchStatus;
  @ApiProperty({ description: 'Rows taken from the upload' }) total!: number;
}

/** `GET /v1/batches/{id}`: `total = succeeded + failed + cancelled + deferred + pending`. */
export class BatchView extends BatchAcceptedView {
  @ApiProperty({ description: 'A dry run applies nothing; its counts say what the rows would do' }) dryRun!: boolean;
  @ApiProperty({ description: 'Rows applied (dry run: that would apply)' }) succeeded!: number;
  @ApiProperty({ description: 'Rows refused, with their code in the results (dry run: that would be refused)' }) failed!: number;
  @ApiProperty({ description: 'Rows waiting for a renewal in progress; they apply when it completes' }) deferred!: number;
  @ApiProperty({ description: 'Rows not applied because the batch was cancelled first' }) cancelled!: number;
  @ApiProperty({ description: 'Rows not finished yet' }) pending!: number;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date, description: 'When a worker began the rows; null while it has not' }) startedAt!: Date | null;
  @ApiPropertyOptional() finishedAt?: Date;
  @ApiProperty({ description: 'A cancel was asked for' }) cancelRequested!: boolean;
}

export class BatchPageView {
  @ApiProperty({ type: [BatchView] }) items!: BatchView[];
  @ApiProperty({ nullable: true, type: String }) next!: string | null;
}

export function batchAccepted(batch: BatchDocument): BatchAcceptedView {
  return { id: batch._id, status: batch.status, total: batch.total };
}

export function batchView(batch: BatchDocument): BatchView {
  const { succeeded, failed, deferred, cancelled } = batch.counts;
  return {
    id: batch._id,
    status: batch.status,
    dryRun: batch.dryRun,
    total: batch.total,
    succeeded,
    failed,
    deferred,
    cancelled,
    pending: batch.total - succeeded - failed - deferred - cancelled,
    createdAt: batch.createdAt,
    startedAt: batch.startedAt,
    ...(batch.finishedAt ? { finishedAt: batch.finishedAt } : {}),
    cancelRequested: batch.cancelRequested,
  };
}
