import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ChargeType, Principal } from '@app/domain';
import { ChargeDocument, OutcomeRecorder } from '@app/persistence';
import { IdPipe } from '../../common/id.pipe';
import { PageQueryDto } from '../../common/page-query.dto';
import { Permit } from '../../auth/permit.decorator';
import { CurrentPrincipal } from '../../auth/principal.decorator';
import { SubscriptionAccess } from '../subscription-access';
import { pageOfList } from '../page-of-list';
import { ChargeView } from './charge.view';
import { ApiOk } from '../../openapi/responses';
import { PageOf } from '../../common/views';

@ApiTags('subscriptions')
@Controller('v1/customers/:customerId/subscriptions/:subscriptionId/charges')
export class ChargesController {
  constructor(
    private readonly access: SubscriptionAccess,
    private readonly outcomes: OutcomeRecorder,
  ) {}

  @Get()
  @ApiOk(PageOf(ChargeView))
  @Permit('charges:read')
  @ApiOperation({ operationId: 'listSubscriptionCharges', summary: 'Charge and refund lines of the subscription, oldest first; refunds and credits are negative (R-QTY-3)' })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('customerId', IdPipe) customerId: string,
    @Param('subscriptionId', IdPipe) subscriptionId: string,
    @Query() query: PageQueryDto,
  ) {
    await this.access.visible(principal, customerId, subscriptionId);
    return pageOfList((await this.outcomes.chargesOf(subscriptionId)).map(chargeView), query);
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
