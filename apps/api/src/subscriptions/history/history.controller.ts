import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@app/domain';
import { CommandRepository } from '@app/persistence';
import { IdPipe } from '../../common/id.pipe';
import { PageQueryDto } from '../../common/page-query.dto';
import { Permit } from '../../auth/permit.decorator';
import { CurrentPrincipal } from '../../auth/principal.decorator';
import { SubscriptionAccess } from '../subscription-access';
import { pageOfList } from '../page-of-list';
import { HistoryEntryView, historyOf } from './history.view';
import { ApiOk } from '../../openapi/responses';
import { PageOf } from '../../common/views';

@ApiTags('subscriptions')
@Controller('v1/customers/:customerId/subscriptions/:subscriptionId/history')
export class HistoryController {
  constructor(
    private readonly access: SubscriptionAccess,
    private readonly commands: CommandRepository,
  ) {}

  @Get()
  @ApiOk(PageOf(HistoryEntryView))
  @Permit('history:read')
  @ApiOperation({ operationId: 'listSubscriptionHistory', summary: 'Every accepted, deferred, applied, refused or failed command on the subscription (R-AUD-1)' })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('customerId', IdPipe) customerId: string,
    @Param('subscriptionId', IdPipe) subscriptionId: string,
    @Query() query: PageQueryDto,
  ) {
    await this.access.visible(principal, customerId, subscriptionId);
    const records = await this.commands.forSubscription(subscriptionId);
    return pageOfList(historyOf(records.filter((record) => record.customerId === customerId)), query);
  }
}
