import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@app/domain';
import { CustomerRecord, CustomerRepository } from '@app/persistence';
import { newId } from '@app/platform';
import { IdPipe } from '../common/id.pipe';
import { PageQueryDto } from '../common/page-query.dto';
import { Permit } from '../auth/permit.decorator';
import { CurrentPrincipal, partnerOf } from '../auth/principal.decorator';
import { CustomerAccess } from './customer-access';
import { CreateCustomerDto } from './customer.dto';

@ApiTags('customers')
@ApiBearerAuth()
@Controller('v1/customers')
export class CustomersController {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly access: CustomerAccess,
  ) {}

  @Post()
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
  @Permit('customers:read')
  async list(@CurrentPrincipal() principal: Principal, @Query() query: PageQueryDto) {
    const page = await this.customers.listForPartner(partnerOf(principal), query.limit ?? 50, query.cursor);
    return { items: page.items.map(customerView), next: page.next };
  }

  @Get(':customerId')
  @Permit('customers:read')
  async get(@CurrentPrincipal() principal: Principal, @Param('customerId', IdPipe) id: string) {
    return customerView(await this.access.visibleCustomer(principal, id));
  }
}

export function customerView({ customer, createdAt }: CustomerRecord) {
  return {
    id: customer.id,
    partnerId: customer.partnerId,
    name: customer.name,
    country: customer.country,
    segment: customer.segment,
    ...(customer.email ? { email: customer.email } : {}),
    licensesHeldElsewhere: customer.licensesHeldElsewhere,
    createdAt,
  };
}
