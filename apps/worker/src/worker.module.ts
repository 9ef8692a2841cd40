import { Module } from '@nestjs/common';
import { COMMAND_HOOKS, CommandEngineModule, CommandFinalizer, CommandHandlerRegistry, GroupPump, Reconciler } from '@app/command-engine';
import { OperationsModule } from '@app/operations';
import { AppConfigModule, LoggingModule } from '@app/platform';
import { BatchDryRun } from './batches/batch-dry-run';
import { BatchFeeder } from './batches/batch-feeder';
import { BatchPumpWorker } from './batches/batch-pump-worker';
import { BatchReconciler } from './batches/batch-reconciler';
import { BatchRowHooks } from './batches/batch-row-hooks';
import { BatchRunner } from './batches/batch-runner';
import { BatchWorker } from './batches/batch-worker';
import { CommandWorker } from './queue/command-worker';
import { ReconcileTimer } from './queue/reconcile-timer';
import { RenewalCompleter } from './time/renewal-completer';
import { TickWorker } from './time/tick-worker';
import { ReminderSender } from './time/reminder-sender';
import { SandboxAdvancer } from './time/sandbox-advancer';
import { InstantWaiter } from './time/instant-waiter';
import { TimeKeeper } from './time/time-keeper';
import { DeliveryQueue } from './webhooks/delivery-queue';
import { WebhookDeliveryWorker } from './webhooks/webhook-delivery.worker';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';
import { WebhookRequeuer } from './webhooks/webhook-requeuer';
import { WebhookTransport } from './webhooks/webhook-transport';
import { commandHandlers, USE_CASES } from './use-cases/command-handlers';
import { PlaceOrderUseCase } from './use-cases/place-order/place-order.usecase';
import { PlanExecutor } from './use-cases/subscription-command/plan-executor';
import { SubscriptionCommandUseCase } from './use-cases/subscription-command/subscription-command.usecase';
import { SubmitTransferUseCase } from './use-cases/submit-transfer/submit-transfer.usecase';

@Module({
  imports: [AppConfigModule.forRoot(), LoggingModule, CommandEngineModule, OperationsModule],
  providers: [
    ...USE_CASES,
    PlanExecutor,
    {
      provide: CommandHandlerRegistry,
      inject: [PlaceOrderUseCase, SubmitTransferUseCase, SubscriptionCommandUseCase],
      useFactory: (order: PlaceOrderUseCase, transfer: SubmitTransferUseCase, subscription: SubscriptionCommandUseCase) =>
        new CommandHandlerRegistry(commandHandlers(order, transfer, subscription)),
    },
    CommandFinalizer,
    GroupPump,
    Reconciler,
    CommandWorker,
    ReconcileTimer,
    RenewalCompleter,
    ReminderSender,
    TimeKeeper,
    InstantWaiter,
    SandboxAdvancer,
    TickWorker,
    WebhookTransport,
    DeliveryQueue,
    WebhookDispatcher,
    WebhookDeliveryWorker,
    WebhookRequeuer,
    BatchRowHooks,
    { provide: COMMAND_HOOKS, useExisting: BatchRowHooks },
    BatchFeeder,
    BatchDryRun,
    BatchRunner,
    BatchWorker,
    BatchPumpWorker,
    BatchReconciler,
  ],
})
export class WorkerModule {}
