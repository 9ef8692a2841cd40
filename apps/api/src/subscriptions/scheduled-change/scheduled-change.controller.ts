import { Body, Controller, Delete, Get, Param, Put } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { PutScheduledChange, Principal } from '@app/domain';
import { ApiError } from '../../common/api-error';
import { ApiEmptyBody, EmptyBodyPipe } from '../../common/empty-body.pipe';
import { IdPipe } from '../../common/id.pipe';
import { Permit } from '../../auth/permit.decorator';
import { CurrentPrincipal } from '../../auth/principal.decorator';
import { SubscriptionCommandEndpoint, SubscriptionCommandParams, SubscriptionCommandRequest } from '../../commands/command-endpoint.decorator';
import { SubscriptionAccess } from '../subscription-access';
import { OnSubscription, SubscriptionCommandSender } from '../subscription-command.sender';
import { PutScheduledChangeDto } from './scheduled-change.dto';
import { ApiOk } from '../../openapi/responses';
import { ScheduledChangeView } from '../subscription.view';

/** The change applied at renewal, or a trial's conversion at its end: read, replace, delete (R-SCH-1..3, R-TRI-6). */
@ApiTags('subscriptions')
@Controller('v1/customers/:customerId/subscriptions/:subscriptionId/scheduled-change')
export class ScheduledChangeController {
  constructor(
    private readonly access: SubscriptionAccess,
    private readonly sender: SubscriptionCommandSender,
  ) {}

  @Get()
  @ApiOk(ScheduledChangeView)
  @Permit('subscriptions:read')
  @ApiOperation({ operationId: 'getScheduledChange', summary: 'The scheduled change (R-SCH-3)' })
  @ApiNotFoundResponse({ description: 'No change is scheduled (or no such subscription for the caller)' })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('customerId', IdPipe) customerId: string,
    @Param('subscriptionId', IdPipe) subscriptionId: string,
  ) {
    const { subscription } = await this.access.visible(principal, customerId, subscriptionId);
    if (!subscription.scheduledChange) {
      throw new ApiError(404, 'NOT_FOUND', `Subscription ${subscriptionId} has no scheduled change.`, { resource: 'scheduled-change', id: subscriptionId });
    }
    return subscription.scheduledChange;
  }

  @Put()
  @SubscriptionCommandEndpoint('scheduled-changes:write')
  @ApiOperation({ operationId: 'putScheduledChange', summary: 'Set or replace the scheduled change (R-SCH-1, R-SCH-2, R-SCH-5)' })
  put(@SubscriptionCommandParams() request: SubscriptionCommandRequest, @Body() body: PutScheduledChangeDto) {
    const { cotermEndDate, ...rest } = body;
    if (Object.values(body).every((value) => value === undefined)) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid.', [
        { field: 'body', message: 'name at least one of offerId, quantity, termDuration, billingFrequency, cotermEndDate, targetSubscriptionId' },
      ]);
    }
    const command = (on: OnSubscription): PutScheduledChange => ({
      ...rest,
      ...on,
      type: 'put-scheduled-change',
      ...(cotermEndDate !== undefined ? { cotermEndDate: startOfDay(cotermEndDate) } : {}),
    });
    return this.sender.send({ request, command, action: 'scheduled-change', body });
  }

  @Delete()
  @SubscriptionCommandEndpoint('scheduled-changes:write')
  @ApiOperation({ operationId: 'deleteScheduledChange', summary: 'Delete the scheduled change (R-SCH-3)' })
  @ApiEmptyBody()
  remove(@SubscriptionCommandParams() request: SubscriptionCommandRequest, @Body(EmptyBodyPipe) body: Record<string, never>) {
    return this.sender.send({ request, command: (on) => ({ ...on, type: 'delete-scheduled-change' }), action: 'scheduled-change', body });
  }
}

/** A day as the API names one: midnight UTC at its start. */
function startOfDay(day: string): Date {
  return new Date(`${day.slice(0, 10)}T00:00:00.000Z`);
}
