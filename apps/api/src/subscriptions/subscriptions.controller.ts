import { Body, Controller, Get, Param, Patch, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@app/domain';
import { DecisionContextFactory } from '@app/command-engine';
import { SubscriptionRepository } from '@app/persistence';
import { ServiceClock } from '@app/platform';
import type { Response } from 'express';
import { ApiError } from '../common/api-error';
import { IdPipe } from '../common/id.pipe';
import { Permit } from '../auth/permit.decorator';
import { CurrentPrincipal, partnerOf } from '../auth/principal.decorator';
import { CommandOptions, CommandRequestOptions, SubscriptionCommandEndpoint } from '../commands/command-endpoint.decorator';
import { CustomerAccess } from '../customers/customer-access';
import { SubscriptionAccess } from './subscription-access';
import { SubscriptionCommandSender } from './subscription-command.sender';
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
    private readonly sender: SubscriptionCommandSender,
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

  /** Quantity (R-QTY-*), auto-renew (R-REN-1), friendly name, billing frequency (R-REN-5): one command, all-or-nothing. */
  @Patch(':subscriptionId')
  @SubscriptionCommandEndpoint('subscriptions:update')
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('customerId', IdPipe) customerId: string,
    @Param('subscriptionId', IdPipe) subscriptionId: string,
    @Body() body: UpdateSubscriptionDto,
    @CommandRequestOptions() options: CommandOptions,
    @Res({ passthrough: true }) response: Response,
  ) {
    if (body.quantity === undefined && body.autoRenewEnabled === undefined && body.friendlyName === undefined && body.billingFrequency === undefined) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid.', [
        { field: 'body', message: 'name at least one of quantity, autoRenewEnabled, friendlyName, billingFrequency' },
      ]);
    }
    return this.sender.send({
      principal,
      customerId,
      subscriptionId,
      type: 'update-subscription',
      fields: { ...body },
      action: '',
      body,
      options,
      response,
    });
  }
}
