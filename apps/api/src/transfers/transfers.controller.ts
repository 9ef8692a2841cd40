import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { checkTransferRequest, checkTransferSubmission, CommandPayload, DomainError, Principal, SubmitTransfer, transferVisibleTo } from '@app/domain';
import { CommandRepository, PartnerRepository, SubscriptionRepository, TransferDocument, TransferRepository } from '@app/persistence';
import { newId, ServiceClock } from '@app/platform';
import type { Response } from 'express';
import { idempotencyKey, isDryRun } from '../common/command-headers';
import { notFound } from '../common/api-error';
import { IdPipe } from '../common/id.pipe';
import { PageQueryDto } from '../common/page-query.dto';
import { Permit } from '../auth/permit.decorator';
import { CurrentPrincipal, partnerOf } from '../auth/principal.decorator';
import { CommandIntake } from '../commands/command-intake.service';
import { CommandOptions, CommandRequestOptions } from '../commands/command-endpoint.decorator';
import { CommandResponder } from '../commands/command-responder';
import { CustomerAccess } from '../customers/customer-access';
import { DryRunService } from '../dry-run/dry-run.service';
import { CreateTransferDto, SubmitTransferDto } from './transfer.dto';
import { TransferView, transferView } from './transfer.view';
import { ApiCommandResponses, ApiErrors, ApiOk } from '../openapi/responses';
import { PageOf } from '../common/views';

/**
 * Transfers between partners (R-TRA-1..3): the target partner requests one, both partners see it,
 * the source partner submits the subscriptions that move, as one command (docs/architecture.md, "Transfers").
 */
@ApiTags('transfers')
@Controller('v1/transfers')
export class TransfersController {
  constructor(
    private readonly transfers: TransferRepository,
    private readonly commands: CommandRepository,
    private readonly partners: PartnerRepository,
    private readonly subscriptions: SubscriptionRepository,
    private readonly customers: CustomerAccess,
    private readonly intake: CommandIntake,
    private readonly responder: CommandResponder,
    private readonly dryRun: DryRunService,
    private readonly clock: ServiceClock,
  ) {}

  @Post()
  @HttpCode(201)
  @Permit('transfers:write')
  @ApiOperation({ operationId: 'createTransfer', summary: 'Request a transfer of a customer\'s subscriptions from its partner (the target partner, with an accepted relationship; R-TRA-1)' })
  @ApiCreatedResponse({ type: TransferView, headers: { Location: { description: '`/v1/transfers/{id}`', schema: { type: 'string' } } } })
  @ApiErrors(404, 422)
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateTransferDto, @Res({ passthrough: true }) response: Response): Promise<TransferView> {
    const partnerId = partnerOf(principal);
    const { customer } = await this.customers.visibleCustomer(principal, body.customerId);
    const target = await this.partners.find(partnerId);
    if (!target) throw notFound('partner', partnerId);
    const refusal = checkTransferRequest(target, customer, body.sourcePartnerId, body.customerEmail);
    if (refusal) throw refusal;
    const doc: TransferDocument = {
      _id: newId(),
      customerId: customer.id,
      sourcePartnerId: body.sourcePartnerId,
      targetPartnerId: partnerId,
      customerEmail: body.customerEmail,
      status: 'pending',
      createdAt: await this.clock.now(),
      createdBy: principal.userId,
      commandId: null,
      subscriptionIds: [],
      newSubscriptionIds: [],
      submittedAt: null,
      completedAt: null,
    };
    await this.transfers.insert(doc);
    response.setHeader('Location', `/v1/transfers/${doc._id}`);
    return transferView(doc, partnerId);
  }

  @Get()
  @Permit('transfers:read')
  @ApiOperation({ operationId: 'listTransfers', summary: 'The caller\'s incoming (it is the target) and outgoing (it is the source) transfers, oldest first (R-TRA-2)' })
  @ApiOk(PageOf(TransferView))
  async list(@CurrentPrincipal() principal: Principal, @Query() query: PageQueryDto): Promise<{ items: TransferView[]; next: string | null }> {
    const partnerId = partnerOf(principal);
    const page = await this.transfers.listForPartner(partnerId, query.limit ?? 50, query.cursor);
    return { items: await Promise.all(page.items.map((doc) => this.view(doc, partnerId))), next: page.next };
  }

  @Get(':transferId')
  @Permit('transfers:read')
  @ApiOperation({ operationId: 'getTransfer', summary: 'Read a transfer (its source and target partners only)' })
  @ApiOk(TransferView)
  async get(@CurrentPrincipal() principal: Principal, @Param('transferId', IdPipe) id: string): Promise<TransferView> {
    const partnerId = partnerOf(principal);
    return this.view(await this.visible(partnerId, id), partnerId);
  }

  @Post(':transferId/submit')
  @HttpCode(202)
  @Permit('transfers:write')
  @ApiOperation({ operationId: 'submitTransfer', summary: 'Submit the subscriptions that move (the source partner; R-TRA-2, R-TRA-3)' })
  @ApiCommandResponses()
  @ApiErrors(422)
  async submit(
    @CurrentPrincipal() principal: Principal,
    @Param('transferId', IdPipe) id: string,
    @Body() body: SubmitTransferDto,
    @CommandRequestOptions() options: CommandOptions,
    @Res({ passthrough: true }) response: Response,
  ) {
    const partnerId = partnerOf(principal);
    const transfer = await this.visible(partnerId, id);
    // A submission whose command failed (or was never written: intake stopped half-way) leaves the
    // transfer open for another one; a command of the replaced submission is refused by the worker.
    const replacing = transfer.status === 'submitted' && ['failed', undefined].includes(await this.currentCommandStatus(transfer)) ? transfer.commandId ?? undefined : undefined;
    const open = transfer.status === 'pending' || replacing !== undefined;
    const refusal = checkTransferSubmission(partnerId, { ...transfer, id: transfer._id, status: open ? 'pending' : 'completed' });
    if (refusal) throw refusal;
    for (const subscriptionId of body.subscriptionIds) {
      const subscription = await this.subscriptions.getOfCustomer(transfer.customerId, subscriptionId);
      if (!subscription || subscription.partnerId !== partnerId) throw notFound('subscription', subscriptionId);
    }
    const fields: CommandPayload<'submit-transfer'> = {
      transferId: transfer._id,
      customerId: transfer.customerId,
      sourcePartnerId: partnerId,
      targetPartnerId: transfer.targetPartnerId,
      subscriptionIds: body.subscriptionIds,
      newSubscriptionIds: body.subscriptionIds.map(() => newId()),
    };
    if (isDryRun(options.dryRun)) {
      response.status(200);
      return this.dryRun.preview(principal, { type: 'submit-transfer', commandId: 'dry-run', ...fields }, transfer.customerId);
    }
    const commandId = this.intake.newCommandId();
    const command: SubmitTransfer = { type: 'submit-transfer', commandId, ...fields };
    const submission = { commandId, subscriptionIds: command.subscriptionIds, newSubscriptionIds: command.newSubscriptionIds, at: await this.clock.now() };
    if (!(await this.transfers.submit(id, submission, replacing))) {
      throw new DomainError('TRANSFER_NOT_ALLOWED', 'This transfer was already submitted.', { reason: 'NOT_PENDING' });
    }
    const [first, ...others] = command.subscriptionIds;
    const record = await this.intake.accept({
      command,
      principal,
      partnerId,
      customerId: transfer.customerId,
      subscriptionId: first,
      // Both sides' history shows the transfer (R-AUD-1): the moved subscriptions and the new ones.
      subscriptionIds: [...command.subscriptionIds, ...command.newSubscriptionIds],
      group: { kind: 'subscription', id: first },
      alsoGroups: others.map((subscriptionId) => ({ kind: 'subscription' as const, id: subscriptionId })),
      idempotencyKey: idempotencyKey(options.idempotencyKey),
      request: { path: `/v1/transfers/${id}/submit`, body },
    });
    return this.responder.reply(response, record, options.prefer);
  }

  /** R-ROLE-2: a transfer is seen by its source and target partners only; anyone else gets 404. */
  private async visible(partnerId: string, id: string): Promise<TransferDocument> {
    const transfer = await this.transfers.get(id);
    if (!transfer || !transferVisibleTo(partnerId, transfer)) throw notFound('transfer', id);
    return transfer;
  }

  private async currentCommandStatus(transfer: TransferDocument): Promise<string | undefined> {
    if (transfer.status !== 'submitted' || !transfer.commandId) return undefined;
    return (await this.commands.get(transfer.commandId))?.status;
  }

  private async view(doc: TransferDocument, partnerId: string): Promise<TransferView> {
    return transferView(doc, partnerId, await this.currentCommandStatus(doc));
  }
}
