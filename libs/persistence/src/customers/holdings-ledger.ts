import { Injectable } from '@nestjs/common';
import { applyHoldingDeltas, Holding } from '@app/domain';
import { KeyedCoalescingWriter } from '../common/keyed-coalescing-writer';
import { CustomerRecord, CustomerRepository } from './customer.repository';
import { ReservationFields } from './customer.schema';

/** Each miss means another writer succeeded, so this bounds the writers racing on one customer. */
const MAX_TRIES = 200;

/** What a command decided on the customer's counters, and the deltas it reserves (none: nothing to reserve). */
export interface CountedDecision<D> {
  result: D;
  deltas: Holding[];
}

/** A command's turn in a write of its customer's counters. */
type CounterWrite =
  | { kind: 'commit'; commandId: string }
  | { kind: 'reserve'; commandId: string; at: Date; decide: (customer: CustomerRecord) => Promise<CountedDecision<unknown>> };

/**
 * Customer-wide counters (R-ADD-CP, R-ADD-MG, R-CAT-2, R-ORD-4) under concurrency: a command
 * reserves its deltas on the customer with a conditional update on the customer's version, applies
 * its change, and the reservation is committed into the holdings when the command finishes. Each
 * step is keyed by the command id, so repeating it after a crash changes nothing.
 *
 * The commits and decisions asked for at once in a process on one customer share one read and one
 * conditional write (KeyedCoalescingWriter): the commits first, then each decision on the counters
 * the ones before it left, as one at a time would; a miss (another process wrote the customer)
 * reads and decides all of them again.
 */
@Injectable()
export class HoldingsLedger {
  private readonly writes = new KeyedCoalescingWriter<CounterWrite, Map<CounterWrite, unknown>>((customerId, items) => this.write(customerId, items));

  constructor(private readonly customers: CustomerRepository) {}

  /** Reserves on the version the decision read; false when the customer moved on (decide again). */
  async reserve(customerId: string, expectedVersion: number, current: ReservationFields[], reservation: ReservationFields): Promise<boolean> {
    const others = current.filter((r) => r.commandId !== reservation.commandId);
    return this.customers.change(customerId, expectedVersion, { reservations: [...others, reservation] });
  }

  /**
   * Decides on the customer's counters (without a reservation of this command's left by an attempt
   * that stopped before applying) and reserves what the decision moves, on the version it read.
   */
  async decideAndReserve<D>(customerId: string, commandId: string, at: Date, decide: (customer: CustomerRecord) => Promise<CountedDecision<D>>): Promise<D> {
    const item: CounterWrite = { kind: 'reserve', commandId, at, decide };
    const answers = await this.writes.add(customerId, [item]);
    return answers?.get(item) as D;
  }

  /** Moves a command's reservation into the committed holdings. */
  async commit(customerId: string, commandId: string): Promise<void> {
    await this.writes.add(customerId, [{ kind: 'commit', commandId }]);
  }

  /** Drops a command's reservation (it was refused on a second look, or is decided again). */
  async release(customerId: string, commandId: string): Promise<void> {
    for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
      const record = await this.customers.get(customerId);
      if (!record?.reservations.some((r) => r.commandId === commandId)) return;
      const others = record.reservations.filter((r) => r.commandId !== commandId);
      if (await this.customers.change(customerId, record.version, { reservations: others })) return;
      await pause(attempt);
    }
    throw new Error(`could not release the reservation of command ${commandId} on customer ${customerId}`);
  }

  private async write(customerId: string, items: CounterWrite[]): Promise<Map<CounterWrite, unknown>> {
    for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
      const record = await this.customers.get(customerId);
      if (!record) throw new Error(`customer ${customerId} not found`);
      const mine = new Set(items.map((item) => item.commandId));
      const commits = new Set(items.flatMap((item) => (item.kind === 'commit' ? [item.commandId] : [])));
      const committed = record.reservations.filter((r) => commits.has(r.commandId));
      const holdings = committed.reduce((held, r) => applyHoldingDeltas(held, r.deltas), record.customer.holdings);
      let reservations = record.reservations.filter((r) => !mine.has(r.commandId));
      const answers = new Map<CounterWrite, unknown>();
      for (const item of items) {
        if (item.kind !== 'reserve') continue;
        const decided = await item.decide(withCounters(record, holdings, reservations));
        answers.set(item, decided.result);
        if (decided.deltas.length > 0) reservations = [...reservations, { commandId: item.commandId, deltas: decided.deltas, at: item.at }];
      }
      const unchanged = reservations.length === record.reservations.length && reservations.every((r, i) => r === record.reservations[i]);
      if (unchanged) return answers;
      if (await this.customers.change(customerId, record.version, { holdings, reservations })) return answers;
      await pause(attempt);
    }
    throw new Error(`could not write the counters of customer ${customerId} for commands ${items.map((item) => item.commandId).join(', ')}`);
  }
}

/** The customer as the decisions of a write see it: the commits before them done, the reservations before them made. */
function withCounters(record: CustomerRecord, holdings: Holding[], reservations: ReservationFields[]): CustomerRecord {
  return {
    ...record,
    customer: { ...record.customer, holdings, reservations: reservations.map(({ commandId, deltas }) => ({ commandId, deltas })) },
    reservations,
  };
}

function pause(attempt: number): Promise<void> {
  return new Promise((done) => setTimeout(done, Math.random() * Math.min(50, 2 ** attempt)));
}
