import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Principal, UpgradeSubscription, upgradeEligibilities } from '@app/domain';
import { DecisionContextFactory } from '@app/command-engine';
import { SubscriptionRepository } from '@app/persistence';
import { ServiceClock } from '@app/platform';
import { ApiError } from '../../common/api-error';
import { IdPipe } from '../../common/id.pipe';
import { Permit } from '../../auth/permit.decorator';
import { CurrentPrincipal } from '../../auth/principal.decorator';
import { CommandIntake } from '../../commands/command-intake.service';
import { SubscriptionCommandEndpoint, SubscriptionCommandParams, SubscriptionCommandRequest } from '../../commands/command-endpoint.decorator';
import { SubscriptionAccess } from '../subscription-access';
import { OnSubscription, SubscriptionCommandSender } from '../subscription-command.sender';
import { makingSubscription } from '../new-subscription-command';
import { UpgradeSubscriptionDto } from './upgrade.dto';
import { ApiOk } from '../../openapi/responses';
import { ListOf } from '../../common/views';
import { UpgradeEligibilityView } from './upgrade-eligibility.view';

@ApiTags('subscriptions')
@Controller('v1/customers/:customerId/subscriptions/:subscriptionId/upgrades')
export class UpgradesController {
  constructor(
    private readonly access: SubscriptionAccess,
    private readonly subscriptions: SubscriptionRepository,
    private readonly contexts: DecisionContextFactory,
    private readonly clock: ServiceClock,
    private readonly intake: CommandIntake,
    private readonly sender: SubscriptionCommandSender,
  ) {}

  @Get()
  @ApiOk(ListOf(UpgradeEligibilityView))
  @Permit('subscriptions:read')
  @ApiOperation({ operationId: 'listUpgradeOptions', summary: 'Upgrade eligibilities: each target offer and each existing target, eligible or why not (R-UPG-2, R-UPG-3)' })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('customerId', IdPipe) customerId: string,
    @Param('subscriptionId', IdPipe) subscriptionId: string,
  ) {
    const { subscription } = await this.access.visible(principal, customerId, subscriptionId);
    const [all, context] = await Promise.all([this.subscriptions.ofCustomer(customerId), this.clock.now().then((now) => this.contexts.create(now))]);
    return upgradeEligibilities(subscription, all, context.catalog, context.now, context.policy);
  }

  @Post()
  @SubscriptionCommandEndpoint('subscriptions:upgrade')
  @ApiOperation({ operationId: 'upgradeSubscription', summary: 'Upgrade now or at renewal, fully or partly, into a new or an existing subscription (R-UPG-1..8)' })
  upgrade(@SubscriptionCommandParams() request: SubscriptionCommandRequest, @Body() body: UpgradeSubscriptionDto) {
    if (body.targetOfferId === undefined && body.targetSubscriptionId === undefined) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid.', [{ field: 'targetOfferId', message: 'name targetOfferId, targetSubscriptionId or both' }]);
    }
    const command = (on: OnSubscription): UpgradeSubscription => ({ ...makingSubscription(body, on, this.intake.newCommandId()), type: 'upgrade-subscription' });
    return this.sender.send({ request, command, action: 'upgrades', body });
  }
}
