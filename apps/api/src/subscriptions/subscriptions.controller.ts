import { Body, Controller, Get, Param, Patch, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@app/domain';
import { DecisionContextFactory } from '@app/command-engine';
import { SubscriptionRepository } from '@app/persistence';
import { ServiceClock } from '@app/platform';
import type { Response } from 'express';
import { ApiError } from '../common/api-error';
import { IdPipe } from '../common/id.pipe';
import { PageQueryDto } from '../common/page-query.dto';
import { pageOfList } from './page-of-list';
import { Permit } from '../auth/permit.decorator';
import { CurrentPrincipal, partnerOf } from '../auth/principal.decorator';
import { SubscriptionCommandEndpoint, SubscriptionCommandParams, SubscriptionCommandRequest } from '../commands/command-endpoint.decorator';
import { CustomerAccess } from '../customers/customer-access';
import { SubscriptionAccess } from './subscription-access';
import { SubscriptionCommandSender } from './subscription-command.sender';
import { UpdateSubscriptionDto } from './subscription.dto';
import { subscriptionView, SubscriptionView } from './subscription.view';
import { ApiOk } from '../openapi/responses';
import { PageOf } from '../common/views';

@ApiTags('subscriptions')
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
  @ApiOperation({ operationId: 'listSubscriptions', summary: 'The customer\'s subscriptions with the calling partner' })
  @ApiOk(PageOf(SubscriptionView))
  @Permit('subscriptions:read')
  async list(@CurrentPrincipal() principal: Principal, @Param('customerId', IdPipe) customerId: string, @Query() query: PageQueryDto) {
    await this.customers.visibleCustomer(principal, customerId);
    const [all, now] = await Promise.all([this.subscriptions.ofCustomer(customerId), this.clock.now()]);
    const partnerId = partnerOf(principal);
    const own = all.filter((s) => s.partnerId === partnerId).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const page = pageOfList(own, query);
    return { items: page.items.map((s) => subscriptionView(s, now, this.contexts.policy)), next: page.next };
  }

  @Get(':subscriptionId')
  @ApiOperation({ operationId: 'getSubscription', summary: 'Read a subscription; `ETag` is its version, for `If-Match`' })
  @ApiOk(SubscriptionView, { ETag: { description: '`"<version>"`: send it back as `If-Match` (R-CON-1)', schema: { type: 'string' } } })
  @Permit('subscriptions:read')
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('customerId', IdPipe) customerId: string,
    @Param('subscriptionId', IdPipe) subscriptionId: string,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { subscription } = await this.access.visible(principal, customerId, subscriptionId);
    response.setHeader('ETag', `"${subscription.version}"`);
    return subscriptionView(subscription, await this.clock.now(), this.contexts.policy);
  }

  /** Quantity (R-QTY-*), auto-renew (R-REN-1), friendly name, billing frequency (R-REN-5): one command, all-or-nothing. */
  @Patch(':subscriptionId')
  @ApiOperation({ operationId: 'changeSubscription', summary: 'Change quantity, auto-renew, friendly name or billing frequency (R-QTY-*, R-REN-1, R-REN-5)' })
  @SubscriptionCommandEndpoint('subscriptions:update')
  async update(@SubscriptionCommandParams() request: SubscriptionCommandRequest, @Body() body: UpdateSubscriptionDto) {
    if (body.quantity === undefined && body.autoRenewEnabled === undefined && body.friendlyName === undefined && body.billingFrequency === undefined) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid.', [
        { field: 'body', message: 'name at least one of quantity, autoRenewEnabled, friendlyName, billingFrequency' },
      ]);
    }
    return this.sender.send({ request, command: (on) => ({ ...body, ...on, type: 'update-subscription' }), action: '', body });
  }
}
