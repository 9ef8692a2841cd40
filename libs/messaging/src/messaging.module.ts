import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { APP_CONFIG, AppConfig, bullmqQueueConnection } from '@app/platform';
import { CommandDispatcher } from './command-dispatcher';
import { CommandQueue } from './command-queue';
import { CommandSubmitter } from './command-submitter';
import { COMMAND_QUEUE, MAINTENANCE_QUEUE } from './queues';
import { TimeStatus } from './time-status';

/** BullMQ on Redis: the queues, and the producer side every app uses. */
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
    BullModule.registerQueue({ name: COMMAND_QUEUE }, { name: MAINTENANCE_QUEUE }),
  ],
  providers: [CommandQueue, CommandDispatcher, CommandSubmitter, TimeStatus],
  exports: [BullModule, CommandQueue, CommandDispatcher, CommandSubmitter, TimeStatus, PersistenceModule],
})
export class MessagingModule {}
