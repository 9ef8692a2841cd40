import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@app/domain';
import type { Response } from 'express';
import { IdPipe } from '../../common/id.pipe';
import { CurrentPrincipal } from '../../auth/principal.decorator';
import { CommandIntake } from '../../commands/command-intake.service';
import { CommandOptions, CommandRequestOptions, SubscriptionCommandEndpoint } from '../../commands/command-endpoint.decorator';
import { SubscriptionCommandSender } from '../subscription-command.sender';
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
  convert(
    @CurrentPrincipal() principal: Principal,
    @Param('customerId', IdPipe) customerId: string,
    @Param('subscriptionId', IdPipe) subscriptionId: string,
    @Body() body: ConvertTrialDto,
    @CommandRequestOptions() options: CommandOptions,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.sender.send({
      principal,
      customerId,
      subscriptionId,
      type: 'convert-trial',
      fields: { ...body, schedule: body.schedule ?? 'now' },
      newSubscriptionId: this.intake.newCommandId(),
      targetSubscriptionId: body.targetSubscriptionId,
      action: 'conversions',
      body,
      options,
      response,
    });
  }
}
