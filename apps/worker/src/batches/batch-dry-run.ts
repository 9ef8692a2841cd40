import { Injectable } from '@nestjs/common';
import { decide, Subscription } from '@app/domain';
import { DecisionContextFactory } from '@app/command-engine';
import { BatchDocument, BatchRepository, BatchRow, BatchTallyRepository, chunkOfRow, CustomerRepository, PartnerRepository, RowResult, rowCommandId, SubscriptionRepository } from '@app/persistence';
import { ServiceClock } from '@app/platform';
import { KeptCustomers } from './kept-customers';
import { RowChecks } from './row-checks';

/**
 * A dry run: every row decided by the same decision function the worker applies, against the
 * current state and the rows before it on the same subscription (their simulated result), with
 * nothing written but the row's result. A chunk's results are written in one write. After a
 * restart the run begins again from the first row (the simulation is in memory); chunks written
 * before are decided again only to rebuild it.
 */
@Injectable()
export class BatchDryRun {
  constructor(
    private readonly batches: BatchRepository,
    private readonly tallies: BatchTallyRepository,
    private readonly subscriptions: SubscriptionRepository,
    private readonly customers: CustomerRepository,
    private readonly partners: PartnerRepository,
    private readonly contexts: DecisionContextFactory,
    private readonly clock: ServiceClock,
  ) {}

  async run(batch: BatchDocument, shouldStop: () => Promise<boolean>): Promise<number> {
    const checks = new RowChecks(this.subscriptions, batch.partnerId);
    const simulated = new Map<string, Subscription>();
    const customers = new KeptCustomers(this.customers);
    const partner = await this.partners.find(batch.partnerId);
    for (let index = 0; index < batch.chunks; index++) {
      if (await shouldStop()) return index;
      const chunk = await this.batches.chunk(batch._id, index);
      if (!chunk) throw new Error(`chunk ${index} of batch ${batch._id} is missing`);
      const context = await this.contexts.create(await this.clock.now());
      const results: Record<string, RowResult> = {};
      for (const row of chunk.rows) {
        results[chunkOfRow(row.rowNumber).key] = await this.decideRow(batch, row, { checks, customers, simulated }, partner, context);
      }
      await this.tallies.recordUnclaimed(batch._id, index, results);
    }
    return batch.chunks;
  }

  private async decideRow(
    batch: BatchDocument,
    row: BatchRow,
    { checks, customers, simulated }: { checks: RowChecks; customers: KeptCustomers; simulated: Map<string, Subscription> },
    partner: Awaited<ReturnType<PartnerRepository['find']>>,
    context: Awaited<ReturnType<DecisionContextFactory['create']>>,
  ): Promise<RowResult> {
    const checked = await checks.check(row);
    if ('failure' in checked) return { ...checked.failure, outcome: 'would-fail' };
    const customer = await customers.get(row.customerId);
    if (!partner || !customer) return { outcome: 'would-fail', code: 'NOT_FOUND', message: `No customer ${row.customerId} was found.` };
    const subscription = simulated.get(row.subscriptionId) ?? checked.subscription;
    const command = { type: 'update-subscription' as const, commandId: rowCommandId(batch._id, row.rowNumber), subscriptionId: row.subscriptionId, quantity: row.quantity ?? 0 };
    const decision = decide({ command, partner, customer: customer.customer, subscription }, context);
    if (decision.kind === 'refused') return { outcome: 'would-fail', code: decision.error.code, message: decision.error.message };
    if (decision.kind === 'deferred') return { outcome: 'would-succeed', message: 'waits until the renewal in progress completes (RENEWAL_IN_PROGRESS), then applies' };
    const updated = decision.updated.find((s) => s.id === row.subscriptionId);
    if (updated) simulated.set(row.subscriptionId, updated);
    return { outcome: 'would-succeed', ...(decision.effects.length > 0 ? { message: decision.effects.join('; ') } : {}) };
  }
}
