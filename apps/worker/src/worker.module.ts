import { Module } from '@nestjs/common';
import {
  COMMAND_HANDLERS,
  COMMAND_HOOKS,
  CommandFinalizer,
  CommandHandler,
  CommandHandlerRegistry,
  GroupPump,
  CommandEngineModule,
  Reconciler,
} from '@app/command-engine';
import { OperationsModule } from '@app/operations';
import { AppConfigModule, LoggingModule } from '@app/platform';
import { BatchDryRun } from './batches/batch-dry-run';
import { BatchFeeder } from './batches/batch-feeder';
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
import { TimeKeeper } from './time/time-keeper';
import { WebhookDeliveryWorker } from './webhooks/webhook-delivery.worker';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';
import { WebhookTransport } from './webhooks/webhook-transport';
import { PlaceOrderUseCase } from './use-cases/place-order/place-order.usecase';
import { PlanExecutor } from './use-cases/shared/plan-executor';
import { SubscriptionCommandRunner } from './use-cases/shared/subscription-command.runner';
import { UpdateSubscriptionUseCase } from './use-cases/update-subscription/update-subscription.usecase';
import { CancelSubscriptionUseCase } from './use-cases/cancel-subscription/cancel-subscription.usecase';
import { ConvertTrialUseCase } from './use-cases/convert-trial/convert-trial.usecase';
import { DeleteScheduledChangeUseCase } from './use-cases/delete-scheduled-change/delete-scheduled-change.usecase';
import { PutScheduledChangeUseCase } from './use-cases/put-scheduled-change/put-scheduled-change.usecase';
import { ReactivateSubscriptionUseCase } from './use-cases/reactivate-subscription/reactivate-subscription.usecase';
import { SuspendSubscriptionUseCase } from './use-cases/suspend-subscription/suspend-subscription.usecase';
import { UpgradeSubscriptionUseCase } from './use-cases/upgrade-subscription/upgrade-subscription.usecase';
import { ChargeCycleUseCase } from './use-cases/charge-cycle/charge-cycle.usecase';
import { EndTrialUseCase } from './use-cases/end-trial/end-trial.usecase';
import { ExpireSubscriptionUseCase } from './use-cases/expire-subscription/expire-subscription.usecase';
import { StartRenewalUseCase } from './use-cases/start-renewal/start-renewal.usecase';
import { SubmitTransferUseCase } from './use-cases/submit-transfer/submit-transfer.usecase';

const USE_CASES = [
  PlaceOrderUseCase,
  UpdateSubscriptionUseCase,
  SuspendSubscriptionUseCase,
  ReactivateSubscriptionUseCase,
  CancelSubscriptionUseCase,
  UpgradeSubscriptionUseCase,
  PutScheduledChangeUseCase,
  DeleteScheduledChangeUseCase,
  ConvertTrialUseCase,
  SubmitTransferUseCase,
];

/** Commands the time processes submit into a subscription's queue (complete-renewal runs outside it). */
const TIME_DRIVEN_USE_CASES = [StartRenewalUseCase, EndTrialUseCase, ExpireSubscriptionUseCase, ChargeCycleUseCase];
const TIME_DRIVEN_TYPES = ['start-renewal', 'end-trial', 'expire-subscription', 'charge-cycle'];
const HANDLERS = [...USE_CASES, ...TIME_DRIVEN_USE_CASES];

/** Command types the API accepts today; the worker refuses to start without a handler for each. */
export const HANDLED_COMMAND_TYPES = [
  'place-order',
  'update-subscription',
  'suspend-subscription',
  'reactivate-subscription',
  'cancel-subscription',
  'upgrade-subscription',
  'put-scheduled-change',
  'delete-scheduled-change',
  'convert-trial',
  'submit-transfer',
] as const;

@Module({
  imports: [AppConfigModule.forRoot(), LoggingModule, CommandEngineModule, OperationsModule],
  providers: [
    ...HANDLERS,
    SubscriptionCommandRunner,
    PlanExecutor,
    { provide: COMMAND_HANDLERS, inject: HANDLERS, useFactory: (...handlers: CommandHandler[]) => handlers },
    {
      provide: CommandHandlerRegistry,
      inject: [COMMAND_HANDLERS],
      useFactory: (handlers: CommandHandler[]) => new CommandHandlerRegistry(handlers, [...HANDLED_COMMAND_TYPES, ...TIME_DRIVEN_TYPES]),
    },
    CommandFinalizer,
    GroupPump,
    Reconciler,
    CommandWorker,
    ReconcileTimer,
    RenewalCompleter,
    ReminderSender,
    TimeKeeper,
    SandboxAdvancer,
    TickWorker,
    WebhookTransport,
    WebhookDispatcher,
    WebhookDeliveryWorker,
    BatchRowHooks,
    { provide: COMMAND_HOOKS, useExisting: BatchRowHooks },
    BatchFeeder,
    BatchDryRun,
    BatchRunner,
    BatchWorker,
    BatchReconciler,
  ],
})
export class WorkerModule {}
