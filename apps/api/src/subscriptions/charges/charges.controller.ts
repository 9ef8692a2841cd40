import { Controller, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { ChargeType } from '@app/domain';
import { ChargeDocument, OutcomeRecorder } from '@app/persistence';
import { PageQueryDto } from '../../common/page-query.dto';
import { SubscriptionPath, SubscriptionPathParams } from '../../commands/command-endpoint.decorator';
import { SubscriptionAccess } from '../subscription-access';
import { pageOfList } from '../page-of-list';
import { SubscriptionReadEndpoint } from '../subscription-read.decorator';
import { ChargeView } from './charge.view';
import { PageOf } from '../../common/views';

@ApiTags('subscriptions')
@Controller('v1/customers/:customerId/subscriptions/:subscriptionId/charges')
export class ChargesController {
  constructor(
    private readonly access: SubscriptionAccess,
    private readonly outcomes: OutcomeRecorder,
  ) {}

  @SubscriptionReadEndpoint('charges:read', PageOf(ChargeView), {
    operationId: 'listSubscriptionCharges',
    summary: 'Charge and refund lines of the subscription, oldest first; refunds and credits are negative (R-QTY-3)',
  })
  async list(@SubscriptionPathParams() path: SubscriptionPath, @Query() query: PageQueryDto) {
    await this.access.visible(path.principal, path.customerId, path.subscriptionId);
    return pageOfList((await this.outcomes.chargesOf(path.subscriptionId)).map(chargeView), query);
  }
}

/** A charge line as api.md shows it; `periodEnd` is exclusive. */
function chargeView(charge: ChargeDocument): ChargeView {
  return {
    at: charge.at,
    type: charge.type as ChargeType,
    quantity: charge.quantity,
    periodStart: charge.periodStart,
    periodEnd: charge.periodEnd,
    amount: { amount: charge.amount.amount, currency: charge.amount.currency },
  };
}
