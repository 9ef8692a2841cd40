import { Injectable } from '@nestjs/common';
import { applyHoldingDeltas, Holding } from '@app/domain';
import { CustomerRepository } from './customer.repository';
import { ReservationFields } from './customer.schema';

/** Each miss means another writer succeeded, so this bounds the writers racing on one customer. */
const MAX_TRIES = 200;

/**
 * Customer-wide counters (R-ADD-CP, R-ADD-MG, R-CAT-2, R-ORD-4) under concurrency: a command first
 * reserves its deltas on the customer with a conditional update on the customer's version, applies
 * its change, and the reservation is committed into the holdings when the command finishes. Each
 * step is keyed by the command id, so repeating it after a crash changes nothing.
 */
@Injectable()
export class HoldingsLedger {
  constructor(private readonly customers: CustomerRepository) {}

  /** Reserves on the version the decision read; false when the customer moved on (decide again). */
  async reserve(customerId: string, expectedVersion: number, current: ReservationFields[], reservation: ReservationFields): Promise<boolean> {
    const others = current.filter((r) => r.commandId !== reservation.commandId);
    return this.customers.change(customerId, expectedVersion, { reservations: [...others, reservation] });
  }

  /** Drops a command's reservation (it was refused on a second look, or is decided again). */
  async release(customerId: string, commandId: string): Promise<void> {
    await this.retry(customerId, commandId, (reservations) => ({ reservations }));
  }

  /** Moves a command's reservation into the committed holdings. */
  async commit(customerId: string, commandId: string): Promise<void> {
    await this.retry(customerId, commandId, (reservations, holdings, own) => ({
      reservations,
      holdings: applyHoldingDeltas(holdings, own.deltas),
    }));
  }

  private async retry(
    customerId: string,
    commandId: string,
    change: (others: ReservationFields[], holdings: Holding[], own: ReservationFields) => { reservations: ReservationFields[]; holdings?: Holding[] },
  ): Promise<void> {
    for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
      const record = await this.customers.get(customerId);
      const own = record?.reservations.find((r) => r.commandId === commandId);
      if (!record || !own) return;
      const others = record.reservations.filter((r) => r.commandId !== commandId);
      if (await this.customers.change(customerId, record.version, change(others, record.customer.holdings, own))) return;
      await new Promise((done) => setTimeout(done, Math.random() * Math.min(50, 2 ** attempt)));
    }
    throw new Error(`could not update the holdings of customer ${customerId} for command ${commandId}`);
  }
}
