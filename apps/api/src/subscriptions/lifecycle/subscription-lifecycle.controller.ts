import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@app/domain';
import type { Response } from 'express';
import { ApiEmptyBody, EmptyBodyPipe } from '../../common/empty-body.pipe';
import { IdPipe } from '../../common/id.pipe';
import { CurrentPrincipal } from '../../auth/principal.decorator';
import { CommandOptions, CommandRequestOptions, SubscriptionCommandEndpoint } from '../../commands/command-endpoint.decorator';
import { SubscriptionCommandCall, SubscriptionCommandSender, SubscriptionCommandType } from '../subscription-command.sender';

/** Suspend (R-SUS-1..3), reactivate (R-SUS-4) and cancel (R-CAN-1..3): commands without input. */
@ApiTags('subscriptions')
@Controller('v1/customers/:customerId/subscriptions/:subscriptionId')
export class SubscriptionLifecycleController {
  constructor(private readonly sender: SubscriptionCommandSender) {}

  @Post('suspend')
  @SubscriptionCommandEndpoint('subscriptions:suspend')
  @ApiOperation({ operationId: 'suspendSubscription', summary: 'Suspend: blocks access at once, turns auto-renew off; add-ons follow (R-SUS-1, R-SUS-3, R-ADD-2)' })
  @ApiEmptyBody()
  suspend(
    @CurrentPrincipal() principal: Principal,
    @Param('customerId', IdPipe) customerId: string,
    @Param('subscriptionId', IdPipe) subscriptionId: string,
    @Body(EmptyBodyPipe) body: Record<string, never>,
    @CommandRequestOptions() options: CommandOptions,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.send('suspend-subscription', 'suspend', { principal, customerId, subscriptionId, body, options, response });
  }

  @Post('reactivate')
  @SubscriptionCommandEndpoint('subscriptions:reactivate')
  @ApiOperation({ operationId: 'reactivateSubscription', summary: 'Reactivate a suspended subscription before its term ends; auto-renew stays off (R-SUS-3, R-SUS-4)' })
  @ApiEmptyBody()
  reactivate(
    @CurrentPrincipal() principal: Principal,
    @Param('customerId', IdPipe) customerId: string,
    @Param('subscriptionId', IdPipe) subscriptionId: string,
    @Body(EmptyBodyPipe) body: Record<string, never>,
    @CommandRequestOptions() options: CommandOptions,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.send('reactivate-subscription', 'reactivate', { principal, customerId, subscriptionId, body, options, response });
  }

  @Post('cancel')
  @SubscriptionCommandEndpoint('subscriptions:cancel')
  @ApiOperation({ operationId: 'cancelSubscription', summary: 'Cancel inside the 7-day window with a prorated refund (R-CAN-1, R-CAN-2, R-CAN-3)' })
  @ApiEmptyBody()
  cancel(
    @CurrentPrincipal() principal: Principal,
    @Param('customerId', IdPipe) customerId: string,
    @Param('subscriptionId', IdPipe) subscriptionId: string,
    @Body(EmptyBodyPipe) body: Record<string, never>,
    @CommandRequestOptions() options: CommandOptions,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.send('cancel-subscription', 'cancel', { principal, customerId, subscriptionId, body, options, response });
  }

  private send(type: SubscriptionCommandType, action: string, call: Omit<SubscriptionCommandCall, 'type' | 'action'>) {
    return this.sender.send({ ...call, type, action });
  }
}
