import { Injectable } from '@nestjs/common';
import { Principal, visibleTo } from '@app/domain';
import { CustomerRecord, CustomerRepository } from '@app/persistence';
import { notFound } from '../common/api-error';
import { partnerOf } from '../auth/principal.decorator';

/** R-ROLE-2: a partner reaches only its own customers; any other answers 404, like a missing one. */
@Injectable()
export class CustomerAccess {
  constructor(private readonly customers: CustomerRepository) {}

  async visibleCustomer(principal: Principal, customerId: string): Promise<CustomerRecord> {
    const record = await this.customers.get(customerId);
    if (!record || !visibleTo(partnerOf(principal), record.customer)) throw notFound('customer', customerId);
    return record;
  }
}
