import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { exportRows, Principal, toCsv } from '@app/domain';
import { SubscriptionRepository } from '@app/persistence';
import { IdPipe } from '../../common/id.pipe';
import { Permit } from '../../auth/permit.decorator';
import { CurrentPrincipal, partnerOf } from '../../auth/principal.decorator';
import { CustomerAccess } from '../../customers/customer-access';

/**
 * R-EXP-1. Its own controller on the customer, with the literal segment `subscriptions.csv`, so no
 * `subscriptions/:subscriptionId` route can take it for a subscription id.
 */
@ApiTags('subscriptions')
@Controller('v1/customers/:customerId')
export class SubscriptionExportController {
  constructor(
    private readonly customers: CustomerAccess,
    private readonly subscriptions: SubscriptionRepository,
  ) {}

  @Get('subscriptions.csv')
  @ApiOkResponse({ description: 'One row per subscription', content: { 'text/csv': { schema: { type: 'string' } } } })
  @Permit('exports:read')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="subscriptions.csv"')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/csv')
  @ApiOperation({ operationId: 'exportSubscriptions', summary: 'The customer\'s subscriptions as CSV (RFC 4180, formula injection neutralized) (R-EXP-1)' })
  async export(@CurrentPrincipal() principal: Principal, @Param('customerId', IdPipe) customerId: string): Promise<string> {
    await this.customers.visibleCustomer(principal, customerId);
    const partnerId = partnerOf(principal);
    const own = (await this.subscriptions.ofCustomer(customerId)).filter((subscription) => subscription.partnerId === partnerId);
    return toCsv(exportRows(own));
  }
}
