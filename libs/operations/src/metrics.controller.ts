import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, Header } from '@nestjs/common';
import { CommandRepository } from '@app/persistence';
import { Metrics } from '@app/platform';
import { Queue } from 'bullmq';
import { COMMAND_QUEUE, MAINTENANCE_QUEUE } from '@app/command-engine';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';

const JOB_STATES = ['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized', 'waiting-children'] as const;
const COMMAND_STATUSES = ['queued', 'running', 'deferred', 'succeeded', 'failed'];

/** Prometheus text: the process's instruments plus queue and command gauges read at scrape time (G6). */
@Controller()
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    private readonly commands: CommandRepository,
    @InjectQueue(COMMAND_QUEUE) private readonly commandQueue: Queue,
    @InjectQueue(MAINTENANCE_QUEUE) private readonly maintenanceQueue: Queue,
  ) {}

  @Get('metrics')
  @ApiOperation({ operationId: 'scrapeMetrics', summary: 'Prometheus metrics (text exposition format)' })
  @ApiOkResponse({ description: 'Prometheus text', content: { 'text/plain': { schema: { type: 'string' } } } })
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    await Promise.all([this.readQueues(), this.readCommands()].map((read) => read.catch(() => undefined)));
    return this.metrics.registry.metrics();
  }

  private async readQueues(): Promise<void> {
    for (const queue of [this.commandQueue, this.maintenanceQueue]) {
      const counts = await queue.getJobCounts(...JOB_STATES);
      for (const state of JOB_STATES) this.metrics.queueJobs.set({ queue: queue.name, state }, counts[state] ?? 0);
    }
  }

  private async readCommands(): Promise<void> {
    const [byStatus, oldest] = await Promise.all([this.commands.countByStatus(), this.commands.oldestUnfinishedAcceptedAt()]);
    for (const status of COMMAND_STATUSES) this.metrics.commandsByStatus.set({ status }, byStatus[status] ?? 0);
    this.metrics.oldestUnfinishedAge.set(oldest ? Math.max(0, (Date.now() - oldest.getTime()) / 1000) : 0);
  }
}
