import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@app/domain';
import { CustomerRepository } from '@app/persistence';
import { newId } from '@app/platform';
import { IdPipe } from '../common/id.pipe';
import { PageQueryDto } from '../common/page-query.dto';
import { Permit } from '../auth/permit.decorator';
import { CurrentPrincipal, partnerOf } from '../auth/principal.decorator';
import { CustomerAccess } from './customer-access';
import { CreateCustomerDto } from './customer.dto';
import { customerView, CustomerView } from './customer.view';
import { ApiOk } from '../openapi/responses';
import { PageOf } from '../common/views';

@ApiTags('customers')
@Controller('v1/customers')
export class CustomersController {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly access: CustomerAccess,
  ) {}

  @Post()
  @ApiOperation({ operationId: 'createCustomer', summary: 'Create a customer of the calling partner' })
  @ApiCreatedResponse({ type: CustomerView, headers: { Location: { description: '`/v1/customers/{id}`', schema: { type: 'string' } } } })
  @HttpCode(201)
  @Permit('customers:write')
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateCustomerDto) {
    const record = await this.customers.insert(
      {
        id: newId(),
        partnerId: partnerOf(principal),
        name: body.name,
        country: body.country,
        segment: body.segment,
        ...(body.email ? { email: body.email } : {}),
        licensesHeldElsewhere: (body.licensesHeldElsewhere ?? []).map(({ offerId, quantity }) => ({ offerId, quantity })),
      },
      new Date(),
    );
    return customerView(record);
  }

  @Get()
  @ApiOperation({ operationId: 'listCustomers', summary: 'The calling partner\'s customers' })
  @ApiOk(PageOf(CustomerView))
  @Permit('customers:read')
  async list(@CurrentPrincipal() principal: Principal, @Query() query: PageQueryDto) {
    const page = await this.customers.listForPartner(partnerOf(principal), query.limit ?? 50, query.cursor);
    return { items: page.items.map(customerView), next: page.next };
  }

  @Get(':customerId')
  @ApiOperation({ operationId: 'getCustomer', summary: 'Read a customer' })
  @ApiOk(CustomerView)
  @Permit('customers:read')
  async get(@CurrentPrincipal() principal: Principal, @Param('customerId', IdPipe) id: string) {
    return customerView(await this.access.visibleCustomer(principal, id));
  }
}
