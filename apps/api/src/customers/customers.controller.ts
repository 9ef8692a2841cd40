import { createHash } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@app/domain';
import { CustomerRepository } from '@app/persistence';
import { newId } from '@app/platform';
import type { Response } from 'express';
import { ApiError, notFound } from '../common/api-error';
import { idempotencyKey } from '../common/command-headers';
import { IdPipe } from '../common/id.pipe';
import { fingerprint } from '../commands/request-fingerprint';
import { PageQueryDto } from '../common/page-query.dto';
import { Permit } from '../auth/permit.decorator';
import { CurrentPrincipal, partnerOf } from '../auth/principal.decorator';
import { CustomerAccess } from './customer-access';
import { CreateCustomerDto, UpdateCustomerDto } from './customer.dto';
import { customerView, CustomerView } from './customer.view';
import { ApiErrors, ApiOk } from '../openapi/responses';
import { PageOf } from '../common/views';

@ApiTags('customers')
@Controller('v1/customers')
export class CustomersController {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly access: CustomerAccess,
  ) {}

  @Post()
  @ApiOperation({ operationId: 'createCustomer', summary: 'Create a customer of the calling partner; an Idempotency-Key replay answers the same customer' })
  @ApiCreatedResponse({ type: CustomerView, headers: { Location: { description: '`/v1/customers/{id}`', schema: { type: 'string' } } } })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'The same key with the same body gives the same customer; another body is 409', schema: { type: 'string', minLength: 1, maxLength: 256 } })
  @ApiErrors(409)
  @HttpCode(201)
  @Permit('customers:write')
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateCustomerDto,
    @Headers('idempotency-key') keyHeader: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CustomerView> {
    const partnerId = partnerOf(principal);
    const key = idempotencyKey(keyHeader);
    const requestHash = key === undefined ? null : fingerprint({ path: '/v1/customers', body });
    const { record, requestHash: stored } = await this.customers.insertOnce(
      {
        id: key === undefined ? newId() : customerIdFor(partnerId, key),
        partnerId,
        name: body.name,
        country: body.country,
        segment: body.segment,
        ...(body.email ? { email: body.email } : {}),
        licensesHeldElsewhere: (body.licensesHeldElsewhere ?? []).map(({ offerId, quantity }) => ({ offerId, quantity })),
      },
      new Date(),
      requestHash,
    );
    if (stored !== requestHash) {
      throw new ApiError(409, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request.', [{ customerId: record.customer.id }]);
    }
    response.setHeader('Location', `/v1/customers/${record.customer.id}`);
    return customerView(record);
  }

  @Patch(':customerId')
  @ApiOperation({ operationId: 'updateCustomer', summary: 'Change name, e-mail or licenses held elsewhere (customer-wide add-on limits count them)' })
  @ApiOk(CustomerView)
  @Permit('customers:write')
  async update(@CurrentPrincipal() principal: Principal, @Param('customerId', IdPipe) id: string, @Body() body: UpdateCustomerDto): Promise<CustomerView> {
    if (body.name === undefined && body.email === undefined && body.licensesHeldElsewhere === undefined) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid.', [{ field: 'body', message: 'name at least one of name, email, licensesHeldElsewhere' }]);
    }
    await this.access.visibleCustomer(principal, id);
    const record = await this.customers.edit(id, body);
    if (!record) throw notFound('customer', id);
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

/** A customer created under an Idempotency-Key has an id made from the partner and the key, so a replay finds it. */
function customerIdFor(partnerId: string, key: string): string {
  return `c${createHash('sha256').update(`${partnerId}\n${key}`).digest('hex').slice(0, 40)}`;
}
