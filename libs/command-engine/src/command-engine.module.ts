import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { APP_CONFIG, AppConfig, bullmqQueueConnection } from '@app/platform';
import { CommandDispatcher } from './command-dispatcher';
import { CommandQueue } from './command-queue';
import { CommandSubmitter } from './command-submitter';
import { DecisionContextFactory } from './decisions/decision-context.factory';
import { BatchQueue } from './batch-queue';
import { DecisionInputLoader } from './decisions/decision-input.loader';
import { BATCH_PUMP_QUEUE, BATCH_QUEUE, COMMAND_QUEUE, MAINTENANCE_QUEUE } from './queues';
import { TimeStatus } from './time-status';

/** The command engine's shared part: BullMQ queues, intake (submitter, dispatcher) and the decision context. */
@Module({
  imports: [
    PersistenceModule,
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        connection: bullmqQueueConnection(config.redisUrl),
        prefix: config.queuePrefix,
      }),
    }),
    BullModule.registerQueue({ name: COMMAND_QUEUE }, { name: BATCH_PUMP_QUEUE }, { name: MAINTENANCE_QUEUE }, { name: BATCH_QUEUE }),
  ],
  providers: [BatchQueue, CommandQueue, CommandDispatcher, CommandSubmitter, TimeStatus, DecisionContextFactory, DecisionInputLoader],
  exports: [BullModule, BatchQueue, CommandQueue, CommandDispatcher, CommandSubmitter, TimeStatus, DecisionContextFactory, DecisionInputLoader, PersistenceModule],
})
export class CommandEngineModule {}
