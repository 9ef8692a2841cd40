import { CustomerRecord, CustomerRepository } from '@app/persistence';

/** Customers kept while a dry run decides rows; cleared when full. */
const KEPT = 10_000;

/** Customers read once per run (a file has few customers and many rows each). */
export class KeptCustomers {
  private readonly known = new Map<string, CustomerRecord | null>();

  constructor(private readonly customers: CustomerRepository) {}

  async get(id: string): Promise<CustomerRecord | null> {
    if (this.known.has(id)) return this.known.get(id) ?? null;
    const customer = await this.customers.get(id);
    if (this.known.size >= KEPT) this.known.clear();
    this.known.set(id, customer);
    return customer;
  }
}
