import { Body, Controller, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiEmptyBody, EmptyBodyPipe } from '../../common/empty-body.pipe';
import { SubscriptionCommandEndpoint, SubscriptionCommandParams, SubscriptionCommandRequest } from '../../commands/command-endpoint.decorator';
import { SubscriptionCommandSender } from '../subscription-command.sender';

/** Suspend (R-SUS-1..3), reactivate (R-SUS-4) and cancel (R-CAN-1..3): commands without input. */
@ApiTags('subscriptions')
@Controller('v1/customers/:customerId/subscriptions/:subscriptionId')
export class SubscriptionLifecycleController {
  constructor(private readonly sender: SubscriptionCommandSender) {}

  @Post('suspend')
  @SubscriptionCommandEndpoint('subscriptions:suspend')
  @ApiOperation({ operationId: 'suspendSubscription', summary: 'Suspend: blocks access at once, turns auto-renew off; add-ons follow (R-SUS-1, R-SUS-3, R-ADD-2)' })
  @ApiEmptyBody()
  suspend(@SubscriptionCommandParams() request: SubscriptionCommandRequest, @Body(EmptyBodyPipe) body: Record<string, never>) {
    return this.sender.send({ request, command: (on) => ({ ...on, type: 'suspend-subscription' }), action: 'suspend', body });
  }

  @Post('reactivate')
  @SubscriptionCommandEndpoint('subscriptions:reactivate')
  @ApiOperation({ operationId: 'reactivateSubscription', summary: 'Reactivate a suspended subscription before its term ends; auto-renew stays off (R-SUS-3, R-SUS-4)' })
  @ApiEmptyBody()
  reactivate(@SubscriptionCommandParams() request: SubscriptionCommandRequest, @Body(EmptyBodyPipe) body: Record<string, never>) {
    return this.sender.send({ request, command: (on) => ({ ...on, type: 'reactivate-subscription' }), action: 'reactivate', body });
  }

  @Post('cancel')
  @SubscriptionCommandEndpoint('subscriptions:cancel')
  @ApiOperation({ operationId: 'cancelSubscription', summary: 'Cancel inside the 7-day window with a prorated refund (R-CAN-1, R-CAN-2, R-CAN-3)' })
  @ApiEmptyBody()
  cancel(@SubscriptionCommandParams() request: SubscriptionCommandRequest, @Body(EmptyBodyPipe) body: Record<string, never>) {
    return this.sender.send({ request, command: (on) => ({ ...on, type: 'cancel-subscription' }), action: 'cancel', body });
  }
}
