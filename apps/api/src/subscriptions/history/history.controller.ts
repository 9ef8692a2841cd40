import { Controller, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CommandRepository } from '@app/persistence';
import { PageQueryDto } from '../../common/page-query.dto';
import { SubscriptionPath, SubscriptionPathParams } from '../../commands/command-endpoint.decorator';
import { SubscriptionAccess } from '../subscription-access';
import { pageOfList } from '../page-of-list';
import { SubscriptionReadEndpoint } from '../subscription-read.decorator';
import { HistoryEntryView, historyOf } from './history.view';
import { PageOf } from '../../common/views';

@ApiTags('subscriptions')
@Controller('v1/customers/:customerId/subscriptions/:subscriptionId/history')
export class HistoryController {
  constructor(
    private readonly access: SubscriptionAccess,
    private readonly commands: CommandRepository,
  ) {}

  @SubscriptionReadEndpoint('history:read', PageOf(HistoryEntryView), {
    operationId: 'listSubscriptionHistory',
    summary: 'Every accepted, deferred, applied, refused or failed command on the subscription (R-AUD-1)',
  })
  async list(@SubscriptionPathParams() path: SubscriptionPath, @Query() query: PageQueryDto) {
    await this.access.visible(path.principal, path.customerId, path.subscriptionId);
    const records = await this.commands.forSubscription(path.subscriptionId);
    return pageOfList(historyOf(records.filter((record) => record.customerId === path.customerId)), query);
  }
}
