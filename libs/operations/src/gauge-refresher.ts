import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { COMMAND_QUEUE, MAINTENANCE_QUEUE } from '@app/command-engine';
import { COMMAND_STATUSES, CommandGaugeReading, CommandGaugesRepository, CommandRepository, FINAL_STATUSES, IntervalClaims } from '@app/persistence';
import { APP_CONFIG, AppConfig, Metrics, RepeatingWork } from '@app/platform';
import { Queue } from 'bullmq';

const JOB_STATES = ['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized', 'waiting-children'] as const;
const UNFINISHED_STATUSES = COMMAND_STATUSES.filter((status) => !FINAL_STATUSES.includes(status));
/**
 * The oldest unfinished record is found by sorting every unfinished one: with MongoDB's index a
 * millisecond, on FerretDB a scan that took 8–11 s at 40,000 records under load. It is read again
 * only once this many times its last read's duration has passed, so it never costs the database
 * more than a tenth of its time; meanwhile the last one found is shown (its age still grows).
 */
const OLDEST_READ_SPACING = 10;

/**
 * Reads the queue and command gauges every METRICS_REFRESH_INTERVAL, one read at a time, so a
 * scrape only serializes the registry: a flood of scrapes costs MongoDB and Redis nothing. The
 * command gauges count the whole commands collection, so one process per interval reads them and
 * every process shows the last reading (IntervalClaims, CommandGaugesRepository).
 */
@Injectable()
export class GaugeRefresher extends RepeatingWork {
  constructor(
    private readonly metrics: Metrics,
    private readonly commands: CommandRepository,
    private readonly gauges: CommandGaugesRepository,
    private readonly claims: IntervalClaims,
    @InjectQueue(COMMAND_QUEUE) private readonly commandQueue: Queue,
    @InjectQueue(MAINTENANCE_QUEUE) private readonly maintenanceQueue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // The first read before the app serves, so a scrape never sees the gauges missing.
    super('metrics refresh', { everyMs: config.metricsRefreshMs, first: 'before-serving' });
  }

  /** The queue gauges and the command gauges, each kept if the other's read fails. */
  protected async round(): Promise<void> {
    await Promise.all([this.readQueues(), this.readCommands()].map((read) => read.catch((error: Error) => this.logger.warn(`metrics refresh: ${error.message}`))));
  }

  private async readQueues(): Promise<void> {
    for (const queue of [this.commandQueue, this.maintenanceQueue]) {
      const counts = await queue.getJobCounts(...JOB_STATES);
      for (const state of JOB_STATES) this.metrics.queueJobs.set({ queue: queue.name, state }, counts[state] ?? 0);
    }
  }

  private async readCommands(): Promise<void> {
    const { byStatus, oldestUnfinishedAt } = await this.sharedReading();
    for (const status of COMMAND_STATUSES) this.metrics.commandsByStatus.set({ status }, byStatus[status] ?? 0);
    this.metrics.oldestUnfinishedAge.set(oldestUnfinishedAt ? Math.max(0, (Date.now() - oldestUnfinishedAt.getTime()) / 1000) : 0);
  }

  /** The last reading of any process; read here when this process claims the interval, or when there is none yet. */
  private async sharedReading(): Promise<CommandGaugeReading> {
    const last = await this.gauges.latest();
    if (last && !(await this.claims.claim('command-gauges', this.config.metricsRefreshMs))) return last;
    const now = new Date();
    const byStatus = await this.commands.countByStatus();
    const unfinished = UNFINISHED_STATUSES.some((status) => (byStatus[status] ?? 0) > 0);
    const reading = { byStatus, ...(unfinished ? await this.oldestUnfinished(last, now) : { oldestUnfinishedAt: null, oldestReadAt: now, oldestReadMs: 0 }) };
    await this.gauges.save(reading, now);
    return reading;
  }

  private async oldestUnfinished(last: CommandGaugeReading | null, now: Date): Promise<Omit<CommandGaugeReading, 'byStatus'>> {
    const { oldestUnfinishedAt, oldestReadAt, oldestReadMs } = last ?? {};
    if (oldestUnfinishedAt && oldestReadAt && now.getTime() - oldestReadAt.getTime() < OLDEST_READ_SPACING * (oldestReadMs ?? 0)) {
      return { oldestUnfinishedAt, oldestReadAt, oldestReadMs };
    }
    const started = Date.now();
    return { oldestUnfinishedAt: await this.commands.oldestUnfinishedAcceptedAt(), oldestReadAt: now, oldestReadMs: Date.now() - started };
  }
}
