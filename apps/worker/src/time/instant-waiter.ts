import { Injectable } from '@nestjs/common';
import { CommandRepository, FINAL_STATUSES, GroupQueueRepository } from '@app/persistence';
import { InstantWork } from './instant-work';

const POLL_MS = 50;
const MAX_POLL_MS = 400;
const IN_PARALLEL = 16;
/** Real time without any of an instant's work finishing after which the clock steps on regardless. */
const STALL_MS = 120_000;

/**
 * Waits until the work one instant set going has finished: each command it submitted finished or
 * deferred to later, each group it woke emptied or deferred to later. Each is read by its `_id`
 * (the one lookup FerretDB answers from an index), so waiting costs what the instant's work costs,
 * not a scan of every command. There is no limit on the whole wait, however much work an instant
 * holds: only on a wait in which nothing finished (STALL_MS), which is work that is stuck.
 */
@Injectable()
export class InstantWaiter {
  constructor(
    private readonly commands: CommandRepository,
    private readonly groups: GroupQueueRepository,
  ) {}

  /** Answers false when for STALL_MS none of the work finished. */
  async untilDone(work: InstantWork, now: Date): Promise<boolean> {
    const checks = [
      ...work.commands.map((id) => async () => {
        const record = await this.commands.get(id);
        return !record || FINAL_STATUSES.includes(record.status) || record.status === 'deferred';
      }),
      ...work.groups.map((ref) => async () => {
        const holder = await this.groups.load(ref);
        const until = holder?.queue.deferredUntil;
        return !holder || holder.queue.pending.length === 0 || (until instanceof Date && until.getTime() > now.getTime());
      }),
    ];
    let next = 0;
    let progressAt = Date.now();
    let stalled = false;
    const lanes = Array.from({ length: Math.min(IN_PARALLEL, checks.length) }, async () => {
      while (next < checks.length && !stalled) {
        const check = checks[next++];
        for (let pause = POLL_MS; !(await check()); pause = Math.min(pause * 2, MAX_POLL_MS)) {
          if (stalled || Date.now() - progressAt > STALL_MS) {
            stalled = true;
            return;
          }
          await new Promise((done) => setTimeout(done, pause));
        }
        progressAt = Date.now();
      }
    });
    await Promise.all(lanes);
    return !stalled;
  }
}
