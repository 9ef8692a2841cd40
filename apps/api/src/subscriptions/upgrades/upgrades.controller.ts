import { Body, Controller, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { UpgradeSubscription, upgradeEligibilities } from '@app/domain';
import { DecisionContextFactory } from '@app/command-engine';
import { SubscriptionRepository } from '@app/persistence';
import { ServiceClock } from '@app/platform';
import { ApiError } from '../../common/api-error';
import { CommandIntake } from '../../commands/command-intake.service';
import { SubscriptionCommandEndpoint, SubscriptionCommandParams, SubscriptionCommandRequest, SubscriptionPath, SubscriptionPathParams } from '../../commands/command-endpoint.decorator';
import { SubscriptionAccess } from '../subscription-access';
import { OnSubscription, SubscriptionCommandSender } from '../subscription-command.sender';
import { SubscriptionReadEndpoint } from '../subscription-read.decorator';
import { makingSubscription } from '../new-subscription-command';
import { UpgradeSubscriptionDto } from './upgrade.dto';
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

  @SubscriptionReadEndpoint('subscriptions:read', ListOf(UpgradeEligibilityView), {
    operationId: 'listUpgradeOptions',
    summary: 'Upgrade eligibilities: each target offer and each existing target, eligible or why not (R-UPG-2, R-UPG-3)',
  })
  async list(@SubscriptionPathParams() path: SubscriptionPath) {
    const { subscription } = await this.access.visible(path.principal, path.customerId, path.subscriptionId);
    const [all, context] = await Promise.all([this.subscriptions.ofCustomer(path.customerId), this.clock.now().then((now) => this.contexts.create(now))]);
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
