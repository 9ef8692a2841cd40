import { Module } from '@nestjs/common';
import {
  COMMAND_HANDLERS,
  CommandFinalizer,
  CommandHandler,
  CommandHandlerRegistry,
  GroupPump,
  MessagingModule,
  OperationsModule,
  Reconciler,
} from '@app/messaging';
import { AppConfigModule, LoggingModule } from '@app/platform';
import { CommandWorker } from './queue/command-worker';
import { ReconcileTimer } from './queue/reconcile-timer';
import { PlaceOrderUseCase } from './use-cases/place-order/place-order.usecase';
import { SubscriptionCommandRunner } from './use-cases/shared/subscription-command.runner';
import { UpdateSubscriptionUseCase } from './use-cases/update-subscription/update-subscription.usecase';

const USE_CASES = [PlaceOrderUseCase, UpdateSubscriptionUseCase];

/** Command types the API accepts today; the worker refuses to start without a handler for each. */
export const HANDLED_COMMAND_TYPES = ['place-order', 'update-subscription'] as const;

@Module({
  imports: [AppConfigModule.forRoot(), LoggingModule, MessagingModule, OperationsModule],
  providers: [
    ...USE_CASES,
    SubscriptionCommandRunner,
    { provide: COMMAND_HANDLERS, inject: USE_CASES, useFactory: (...handlers: CommandHandler[]) => handlers },
    {
      provide: CommandHandlerRegistry,
      inject: [COMMAND_HANDLERS],
      useFactory: (handlers: CommandHandler[]) => new CommandHandlerRegistry(handlers, HANDLED_COMMAND_TYPES),
    },
    CommandFinalizer,
    GroupPump,
    Reconciler,
    CommandWorker,
    ReconcileTimer,
  ],
})
export class WorkerModule {}
