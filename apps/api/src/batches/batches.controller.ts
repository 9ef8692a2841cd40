import { Controller, Get, Header, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@app/domain';
import { BatchDocument, BatchRepository } from '@app/persistence';
import { IsIn, IsOptional } from 'class-validator';
import type { Request, Response } from 'express';
import { ApiError, notFound } from '../common/api-error';
import { IdPipe } from '../common/id.pipe';
import { PageQueryDto } from '../common/page-query.dto';
import { Permit } from '../auth/permit.decorator';
import { CurrentPrincipal, partnerOf } from '../auth/principal.decorator';
import { BatchResults } from './batch-results.service';
import { BatchUpload } from './batch-upload.service';
import { BatchAcceptedView, batchAccepted, BatchPageView, BatchView, batchView } from './batch.view';

export class BatchUploadQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'For a CSV upload: decide every row, apply none' })
  @IsOptional()
  @IsIn(['true', 'false'])
  dryRun?: 'true' | 'false';
}

const invalid = (message: string, field = 'body') => new ApiError(400, 'VALIDATION_FAILED', message, [{ field, message }]);

/** Bulk license adjustments (api.md): every row becomes a quantity command in its subscription's order. */
@ApiTags('batches')
@ApiBearerAuth()
@Controller('v1/batches')
export class BatchesController {
  constructor(
    private readonly batches: BatchRepository,
    private readonly upload: BatchUpload,
    private readonly results: BatchResults,
  ) {}

  @Post()
  @HttpCode(202)
  @Permit('batches:write')
  @ApiOperation({ operationId: 'createBatch', summary: 'Upload rows `customerId,subscriptionId,quantity` as text/csv (streamed, up to BATCH_MAX_BYTES) or JSON `{ dryRun?, rows }` (up to 1 MiB)' })
  @ApiConsumes('text/csv', 'application/json')
  @ApiBody({
    schema: {
      oneOf: [
        { type: 'string', description: 'CSV with the header customerId,subscriptionId,quantity (RFC 4180; BOM and CRLF accepted)' },
        {
          type: 'object',
          required: ['rows'],
          properties: {
            dryRun: { type: 'boolean' },
            rows: { type: 'array', items: { type: 'object', properties: { customerId: { type: 'string' }, subscriptionId: { type: 'string' }, quantity: { type: 'integer' } } } },
          },
        },
      ],
    },
  })
  @ApiAcceptedResponse({ type: BatchAcceptedView, description: 'Every row is stored; `Location: /v1/batches/{id}`' })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Query() query: BatchUploadQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<BatchAcceptedView> {
    const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    let batch: BatchDocument;
    if (type === 'text/csv') {
      const length = request.headers['content-length'] ? Number(request.headers['content-length']) : undefined;
      batch = await this.upload.fromCsv(request, length, principal, query.dryRun === 'true');
    } else if (type === 'application/json') {
      const { rows, dryRun } = jsonBody(request.body);
      batch = await this.upload.fromJson(rows, principal, dryRun ?? query.dryRun === 'true');
    } else {
      throw invalid('Send the rows as text/csv (header customerId,subscriptionId,quantity) or as application/json { rows }.');
    }
    response.setHeader('Location', `/v1/batches/${batch._id}`);
    return batchAccepted(batch);
  }

  @Get()
  @ApiOperation({ operationId: 'listBatches', summary: "The partner's batches" })
  @Permit('batches:read')
  @ApiOkResponse({ type: BatchPageView })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: PageQueryDto): Promise<BatchPageView> {
    const page = await this.batches.list(partnerOf(principal), query.limit ?? 50, query.cursor);
    return { items: page.items.map(batchView), next: page.next };
  }

  @Get(':batchId')
  @ApiOperation({ operationId: 'getBatch', summary: 'A batch and its progress: total, succeeded, failed, deferred, pending' })
  @Permit('batches:read')
  @ApiOkResponse({ type: BatchView })
  async get(@CurrentPrincipal() principal: Principal, @Param('batchId', IdPipe) id: string): Promise<BatchView> {
    return batchView(await this.own(principal, id));
  }

  @Post(':batchId/cancel')
  @HttpCode(202)
  @Permit('batches:write')
  @ApiOperation({ operationId: 'cancelBatch', summary: 'Rows not yet applied are not applied; applied rows stay applied, and the counts say which' })
  @ApiAcceptedResponse({ type: BatchView })
  async cancel(@CurrentPrincipal() principal: Principal, @Param('batchId', IdPipe) id: string): Promise<BatchView> {
    await this.own(principal, id);
    await this.batches.requestCancel(id);
    return batchView(await this.own(principal, id));
  }

  @Get(':batchId/results.csv')
  @Permit('batches:read')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/csv')
  @ApiOperation({ operationId: 'getBatchResults', summary: 'One line per input row: rowNumber, customerId, subscriptionId, quantity, outcome, errorCode, message (formula injection neutralized)' })
  @ApiOkResponse({ schema: { type: 'string' } })
  async resultsCsv(@CurrentPrincipal() principal: Principal, @Param('batchId', IdPipe) id: string, @Res() response: Response): Promise<void> {
    const batch = await this.own(principal, id);
    response.setHeader('Content-Disposition', `attachment; filename="batch-${batch._id}-results.csv"`);
    await this.results.write(batch, response);
  }

  /** Another partner's batch answers 404, like a missing one (R-ROLE-2). */
  private async own(principal: Principal, id: string): Promise<BatchDocument> {
    const batch = await this.batches.get(id);
    if (!batch || batch.partnerId !== partnerOf(principal)) throw notFound('batch', id);
    return batch;
  }
}

function jsonBody(body: unknown): { rows: unknown[]; dryRun?: boolean } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalid('The body must be an object { dryRun?, rows }.');
  const { rows, dryRun, ...unknown } = body as Record<string, unknown>;
  const extra = Object.keys(unknown);
  if (extra.length > 0) throw invalid(`property ${extra[0]} should not exist`, extra[0]);
  if (dryRun !== undefined && typeof dryRun !== 'boolean') throw invalid('dryRun must be a boolean', 'dryRun');
  if (!Array.isArray(rows) || rows.length === 0) throw invalid('rows must be a non-empty array', 'rows');
  return { rows, ...(dryRun !== undefined ? { dryRun } : {}) };
}
