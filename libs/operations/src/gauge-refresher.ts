import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { COMMAND_QUEUE, MAINTENANCE_QUEUE } from '@app/command-engine';
import { COMMAND_STATUSES, CommandGaugeReading, CommandGaugesRepository, CommandRepository, FINAL_STATUSES, IntervalClaims } from '@app/persistence';
import { APP_CONFIG, AppConfig, Metrics, RepeatingWork } from '@app/platform';
import { Queue } from 'bullmq';

const JOB_STATES = ['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized', 'waiting-children'] as const;
const UNFINISHED_STATUSES = COMMAND_STATUSES.filter((status) => !FINAL_STATUSES.includes(status));

/**
 * Reads the queue and command gauges every METRICS_REFRESH_INTERVAL, one read at a time, so a
 * scrape only serializes the registry: a flood of scrapes costs MongoDB and Redis nothing. The
 * command gauges count the whole commands collection, so one process per interval reads them and
 * every process shows the last reading (IntervalClaims, CommandGaugesRepository). Those reads scan
 * the collection on FerretDB (8–11 s at 40,000 records under load), so a reading is taken again only
 * once ten times the last one's duration has passed (COST_SPACING); the ages shown still grow.
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
    if (!last) return this.readAndSave();
    return (await this.claims.runClaimed('command-gauges', this.config.metricsRefreshMs, () => this.readAndSave())) ?? last;
  }

  private async readAndSave(): Promise<CommandGaugeReading> {
    const now = new Date();
    const byStatus = await this.commands.countByStatus();
    const unfinished = UNFINISHED_STATUSES.some((status) => (byStatus[status] ?? 0) > 0);
    const reading = { byStatus, oldestUnfinishedAt: unfinished ? await this.commands.oldestUnfinishedAcceptedAt() : null };
    await this.gauges.save(reading, now);
    return reading;
  }
}
