import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { CommandRepository, DueAgendaRepository } from '@app/persistence';
import { Queue } from 'bullmq';
import { MAINTENANCE_QUEUE } from './queues';

export const TICK_JOB = 'tick';

/**
 * The due work of the service clock: asks the workers to run it now (a tick job), and tells when
 * it has all been done: nothing due (commands or reminders), no deferred group whose retry time has come, no command
 * waiting to be applied (deferred ones waiting for a later time do not count).
 */
@Injectable()
export class TimeStatus {
  constructor(
    @InjectQueue(MAINTENANCE_QUEUE) private readonly maintenance: Queue,
    private readonly agenda: DueAgendaRepository,
    private readonly commands: CommandRepository,
  ) {}

  async requestTick(now: Date): Promise<void> {
    await this.maintenance.add(TICK_JOB, { now: now.toISOString() }, { removeOnComplete: 100, removeOnFail: 100 });
  }

  async settled(now: Date): Promise<boolean> {
    const [due, inFlight] = await Promise.all([this.agenda.anyDue(now), this.commands.anyInFlight()]);
    return !due && !inFlight;
  }
}
