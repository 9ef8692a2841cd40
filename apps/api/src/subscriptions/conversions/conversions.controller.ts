import { Body, Controller, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ConvertTrial } from '@app/domain';
import { CommandIntake } from '../../commands/command-intake.service';
import { SubscriptionCommandEndpoint, SubscriptionCommandParams, SubscriptionCommandRequest } from '../../commands/command-endpoint.decorator';
import { OnSubscription, SubscriptionCommandSender } from '../subscription-command.sender';
import { makingSubscription } from '../new-subscription-command';
import { ConvertTrialDto } from './conversion.dto';

@ApiTags('subscriptions')
@Controller('v1/customers/:customerId/subscriptions/:subscriptionId/conversions')
export class ConversionsController {
  constructor(
    private readonly intake: CommandIntake,
    private readonly sender: SubscriptionCommandSender,
  ) {}

  @Post()
  @SubscriptionCommandEndpoint('conversions:write')
  @ApiOperation({ operationId: 'convertTrial', summary: 'Convert a trial now (new or existing subscription) or at its end (R-TRI-2, R-TRI-4, R-TRI-6)' })
  convert(@SubscriptionCommandParams() request: SubscriptionCommandRequest, @Body() body: ConvertTrialDto) {
    const command = (on: OnSubscription): ConvertTrial => ({ ...makingSubscription(body, on, this.intake.newCommandId()), type: 'convert-trial' });
    return this.sender.send({ request, command, action: 'conversions', body });
  }
}
