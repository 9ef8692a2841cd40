// The benchmark's ungrouped worker (bench/README.md): the real worker's use case, runner, plan
// executor and finalizer, fed by one plain BullMQ job per command instead of group pumps. No order,
// no group queue: each job applies its command with the same conditional update on the
// subscription's version (outOfQueue, so the write records systemOutcome instead of advancing the
// group), reads again on a conflict, and finishes the record like CommandFinalizer does for an
// out-of-queue change. Same writes as the grouped path, without the ordering.
import './support/op-counter';
import 'reflect-metadata';
import { Inject, Injectable, Logger as NestLogger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandEngineModule, CommandFinalizer, decodeCommand } from '@app/command-engine';
import { OperationsModule } from '@app/operations';
import { CatalogRepository, CommandRepository, FINAL_STATUSES, parseGroupKey, SubscriptionRepository } from '@app/persistence';
import { APP_CONFIG, AppConfig, AppConfigModule, LoggingModule, ServiceClock } from '@app/platform';
import { configOrExit } from '@app/platform/config/boot';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import { Logger } from 'nestjs-pino';
import { commandWorkerOptions } from '../apps/worker/src/queue/command-worker-options';
import { PlanExecutor } from '../apps/worker/src/use-cases/subscription-command/plan-executor';
import { SubscriptionCommandUseCase } from '../apps/worker/src/use-cases/subscription-command/subscription-command.usecase';
import { countExtra } from './support/op-counter';
import { UNGROUPED_QUEUE, UngroupedJob } from './support/ungrouped-queue';

/** Reads and decisions again after a concurrent write (the pump allows 10; here writers race). */
const MAX_CONFLICTS = 100;

@Injectable()
export class UngroupedCommandProcessor {
  constructor(
    private readonly commands: CommandRepository,
    private readonly subscriptions: SubscriptionRepository,
    private readonly useCase: SubscriptionCommandUseCase,
    private readonly finalizer: CommandFinalizer,
    private readonly clock: ServiceClock,
  ) {}

  async process(job: Job<UngroupedJob>): Promise<void> {
    const record = await this.commands.get(job.data.commandId);
    if (!record) throw new UnrecoverableError(`command ${job.data.commandId} not found`);
    if (FINAL_STATUSES.includes(record.status)) return; // a duplicate delivery
    const command = decodeCommand(record);
    if (command.type !== 'update-subscription') throw new UnrecoverableError(`the ungrouped benchmark worker runs update-subscription only, not ${record.type}`);
    const group = parseGroupKey(record.groupKey);
    for (let conflicts = 0; conflicts < MAX_CONFLICTS; conflicts++) {
      const holder = await this.subscriptions.document(group.id);
      if (!holder) throw new UnrecoverableError(`subscription ${group.id} not found`);
      // Applied by an attempt that died before finishing it: finish it now.
      if (holder.systemOutcome?.commandId === record._id) return this.finalizer.finishOutOfQueue(group.id, record, holder.systemOutcome);
      const now = await this.clock.now();
      const result = await this.useCase.handle({ record, command, seq: 0, holder, group, now, outOfQueue: true });
      if (result.kind === 'applied') return this.finalizer.finishOutOfQueue(group.id, record, result.outcome);
      if (result.kind === 'refused') {
        await this.commands.finish(record._id, { seq: 0, status: 'failed', error: { code: result.error.code, message: result.error.message }, at: now });
        return;
      }
      if (result.kind === 'deferred') throw new Error(`command ${record._id} deferred (${result.reason}): the ungrouped baseline has no deferral`);
      countExtra('conflicts');
    }
    throw new Error(`command ${record._id} met ${MAX_CONFLICTS} concurrent writes in a row`);
  }
}

/** The BullMQ worker of the plain queue, WORKER_CONCURRENCY jobs at a time like the pump worker. */
@Injectable()
export class UngroupedWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new NestLogger(UngroupedWorker.name);
  private worker?: Worker<UngroupedJob>;

  constructor(
    private readonly processor: UngroupedCommandProcessor,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker<UngroupedJob>(UNGROUPED_QUEUE, (job) => this.processor.process(job), commandWorkerOptions(this.config));
    this.worker.on('failed', (job, error) => this.logger.error(`command ${job?.data.commandId} attempt failed: ${error.message}`));
    this.worker.on('error', (error) => this.logger.error(`worker error: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}

/**
 * The worker's providers the baseline needs; no group pump worker, no reconciler, no time keeper
 * (its tick would find the systemOutcome each out-of-queue write leaves for a moment and finish
 * those commands a second time, which is extra work the baseline should not carry).
 */
@Module({
  imports: [AppConfigModule.forRoot(), LoggingModule, CommandEngineModule, OperationsModule],
  providers: [
    SubscriptionCommandUseCase,
    PlanExecutor,
    CommandFinalizer,
    UngroupedCommandProcessor,
    UngroupedWorker,
  ],
})
export class UngroupedWorkerModule {}

async function main(): Promise<void> {
  const config = configOrExit();
  const app = await NestFactory.create(UngroupedWorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.get(CatalogRepository).current();
  await app.listen(config.workerHealthPort, '0.0.0.0');
  app.get(Logger).log(`ungrouped benchmark worker ready; health on port ${config.workerHealthPort}`);
}

if (require.main === module) void main();
