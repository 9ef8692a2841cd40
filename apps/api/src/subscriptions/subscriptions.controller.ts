import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Principal, UpdateSubscription } from '@app/domain';
import { DecisionContextFactory, SubscriptionRepository } from '@app/persistence';
import { ServiceClock } from '@app/platform';
import type { Response } from 'express';
import { ApiError } from '../common/api-error';
import { idempotencyKey, ifMatchVersion, isDryRun } from '../common/command-headers';
import { IdPipe } from '../common/id.pipe';
import { Permit } from '../auth/permit.decorator';
import { CurrentPrincipal, partnerOf } from '../auth/principal.decorator';
import { CommandIntake } from '../commands/command-intake.service';
import { CommandResponder } from '../commands/command-responder';
import { CustomerAccess } from '../customers/customer-access';
import { DryRunService } from '../dry-run/dry-run.service';
import { SubscriptionAccess } from './subscription-access';
import { UpdateSubscriptionDto } from './subscription.dto';
import { subscriptionView } from './subscription.view';

@ApiTags('subscriptions')
@ApiBearerAuth()
@Controller('v1/customers/:customerId/subscriptions')
export class SubscriptionsController {
  constructor(
    private readonly customers: CustomerAccess,
    private readonly access: SubscriptionAccess,
    private readonly subscriptions: SubscriptionRepository,
    private readonly intake: CommandIntake,
    private readonly responder: CommandResponder,
    private readonly dryRun: DryRunService,
    private readonly contexts: DecisionContextFactory,
    private readonly clock: ServiceClock,
  ) {}

  @Get()
  @Permit('subscriptions:read')
  async list(@CurrentPrincipal() principal: Principal, @Param('customerId', IdPipe) customerId: string) {
    await this.customers.visibleCustomer(principal, customerId);
    const [all, now] = await Promise.all([this.subscriptions.ofCustomer(customerId), this.clock.now()]);
    const partnerId = partnerOf(principal);
    return { items: all.filter((s) => s.partnerId === partnerId).map((s) => subscriptionView(s, now, this.contexts.policy)) };
  }

  @Get(':subscriptionId')
  @Permit('subscriptions:read')
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('customerId', IdPipe) customerId: string,
    @Param('subscriptionId', IdPipe) subscriptionId: string,
  ) {
    const { subscription } = await this.access.visible(principal, customerId, subscriptionId);
    return subscriptionView(subscription, await this.clock.now(), this.contexts.policy);
  }

  /** Quantity (R-QTY-*), auto-renew (R-REN-1), friendly name: one command, all-or-nothing. */
  @Patch(':subscriptionId')
  @HttpCode(202)
  @Permit('subscriptions:update')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The subscription version the change was decided on (R-CON-1)' })
  @ApiHeader({ name: 'Prefer', required: false, description: 'wait=N (max 30)' })
  @ApiQuery({ name: 'dryRun', required: false, type: Boolean })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('customerId', IdPipe) customerId: string,
    @Param('subscriptionId', IdPipe) subscriptionId: string,
    @Body() body: UpdateSubscriptionDto,
    @Query('dryRun') dryRun: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('prefer') prefer: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    if (body.quantity === undefined && body.autoRenewEnabled === undefined && body.friendlyName === undefined && body.billingFrequency === undefined) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid.', [{ field: 'body', message: 'name at least one of quantity, autoRenewEnabled, friendlyName, billingFrequency' }]);
    }
    const { customer, subscription } = await this.access.visible(principal, customerId, subscriptionId);
    const version = ifMatchVersion(ifMatch);
    const payload: Omit<UpdateSubscription, 'type' | 'commandId'> = {
      subscriptionId,
      ...body,
      ...(version !== undefined ? { ifMatchVersion: version } : {}),
    };
    if (isDryRun(dryRun)) {
      response.status(200);
      return this.dryRun.preview(principal, { type: 'update-subscription', commandId: 'dry-run', ...payload }, customer.customer, subscription);
    }
    const record = await this.intake.accept({
      type: 'update-subscription',
      principal,
      partnerId: partnerOf(principal),
      customerId,
      subscriptionId,
      subscriptionIds: [subscriptionId],
      group: { kind: 'subscription', id: subscriptionId },
      payload: payload as unknown as Record<string, unknown>,
      idempotencyKey: idempotencyKey(key),
      request: { path: `/v1/customers/${customerId}/subscriptions/${subscriptionId}`, body, ifMatch: version ?? null },
    });
    return this.responder.reply(response, record, prefer);
  }
}
