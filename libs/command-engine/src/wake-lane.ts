import { AsyncLocalStorage } from 'node:async_hooks';

/** Which queue a group's pump is woken in: interactive work, or the batch lane (BATCH_PUMP_QUEUE). */
export type WakeLane = 'interactive' | 'batch';

const current = new AsyncLocalStorage<WakeLane>();

/**
 * Runs a pump in a lane: a group it wakes again (its fair share used up) stays in that lane, so a
 * batch group with many rows does not move over to the interactive queue.
 */
export function inWakeLane<T>(lane: WakeLane, work: () => Promise<T>): Promise<T> {
  return current.run(lane, work);
}

/** The lane of the pump running now; interactive outside any. */
export function currentWakeLane(): WakeLane {
  return current.getStore() ?? 'interactive';
}
