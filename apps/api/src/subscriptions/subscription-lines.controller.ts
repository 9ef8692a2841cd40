import { Controller, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CommandRepository, OutcomeRecorder } from '@app/persistence';
import { PageQueryDto } from '../common/page-query.dto';
import { PageOf } from '../common/views';
import { SubscriptionPath, SubscriptionPathParams } from '../commands/command-endpoint.decorator';
import { chargeView, ChargeView } from './charges/charge.view';
import { HistoryEntryView, historyOf } from './history/history.view';
import { pageOfList } from './page-of-list';
import { SubscriptionAccess } from './subscription-access';
import { SubscriptionReadEndpoint } from './subscription-read.decorator';

/** The lists a subscription only ever appends to, paged by position: its charges and its history. */
@ApiTags('subscriptions')
@Controller('v1/customers/:customerId/subscriptions/:subscriptionId')
export class SubscriptionLinesController {
  constructor(
    private readonly access: SubscriptionAccess,
    private readonly outcomes: OutcomeRecorder,
    private readonly commands: CommandRepository,
  ) {}

  @SubscriptionReadEndpoint('charges:read', PageOf(ChargeView), { path: 'charges', operationId: 'listSubscriptionCharges', summary: 'Charge and refund lines of the subscription, oldest first; refunds and credits are negative (R-QTY-3)' })
  charges(@SubscriptionPathParams() path: SubscriptionPath, @Query() query: PageQueryDto) {
    return this.pageOf(path, query, async () => (await this.outcomes.chargesOf(path.subscriptionId)).map(chargeView));
  }

  @SubscriptionReadEndpoint('history:read', PageOf(HistoryEntryView), { path: 'history', operationId: 'listSubscriptionHistory', summary: 'Every accepted, deferred, applied, refused or failed command on the subscription (R-AUD-1)' })
  history(@SubscriptionPathParams() path: SubscriptionPath, @Query() query: PageQueryDto) {
    return this.pageOf(path, query, async () => historyOf((await this.commands.forSubscription(path.subscriptionId)).filter((record) => record.customerId === path.customerId)));
  }

  /** The page of `lines` of a subscription the caller may see (404 otherwise, before anything is read). */
  private async pageOf<T>(path: SubscriptionPath, query: PageQueryDto, lines: () => Promise<T[]>) {
    await this.access.visible(path.principal, path.customerId, path.subscriptionId);
    return pageOfList(await lines(), query);
  }
}
