import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { APP_CONFIG, AppConfig, ServiceClock } from '@app/platform';
import { BatchRepository } from './batches/batch.repository';
import { batchModel } from './batches/batch.schema';
import { batchChunkModel, batchTallyModel } from './batches/batch-chunk.schema';
import { BatchTallyRepository } from './batches/batch-tally.repository';
import { CatalogRepository } from './catalog/catalog.repository';
import { catalogModel } from './catalog/catalog.schema';
import { chargeModel } from './charges/charge.schema';
import { OutcomeRecorder } from './charges/outcome-recorder';
import { clockModel } from './clock/clock.schema';
import { SandboxClock, SystemClock } from './clock/clocks';
import { commandModel } from './commands/command.schema';
import { CommandRepository } from './commands/command.repository';
import { commandGaugesModel } from './commands/command-gauges.schema';
import { CommandGaugesRepository } from './commands/command-gauges.repository';
import { intervalClaimModel } from './claims/interval-claim.schema';
import { IntervalClaims } from './claims/interval-claims';
import { customerModel } from './customers/customer.schema';
import { CustomerRepository } from './customers/customer.repository';
import { HoldingsLedger } from './customers/holdings-ledger';
import { eventFeedModel } from './events/event-feed.schema';
import { EventLog } from './events/event-log';
import { eventModel } from './events/event.schema';
import { GroupQueueRepository } from './groups/group-queue.repository';
import { partnerModel } from './partners/partner.schema';
import { PartnerRepository } from './partners/partner.repository';
import { subscriptionModel } from './subscriptions/subscription.schema';
import { PlanHolds } from './subscriptions/plan-holds';
import { SubscriptionRepository } from './subscriptions/subscription.repository';
import { webhookDeliveryModel } from './webhooks/webhook-delivery.schema';
import { WebhookRepository } from './webhooks/webhook.repository';
import { webhookModel } from './webhooks/webhook.schema';
import { relationshipRequestModel } from './transfers/relationship-request.schema';
import { RelationshipRequestRepository } from './transfers/relationship-request.repository';
import { transferModel } from './transfers/transfer.schema';
import { TransferRepository } from './transfers/transfer.repository';
import { DueAgendaRepository } from './time/due-agenda.repository';

export const MODELS = [
  partnerModel,
  customerModel,
  subscriptionModel,
  commandModel,
  commandGaugesModel,
  intervalClaimModel,
  chargeModel,
  eventModel,
  eventFeedModel,
  webhookModel,
  webhookDeliveryModel,
  catalogModel,
  clockModel,
  relationshipRequestModel,
  transferModel,
  batchModel,
  batchChunkModel,
  batchTallyModel,
];

const REPOSITORIES = [
  PartnerRepository,
  CustomerRepository,
  HoldingsLedger,
  SubscriptionRepository,
  PlanHolds,
  CommandRepository,
  CommandGaugesRepository,
  IntervalClaims,
  GroupQueueRepository,
  DueAgendaRepository,
  OutcomeRecorder,
  EventLog,
  WebhookRepository,
  CatalogRepository,
  RelationshipRequestRepository,
  TransferRepository,
  BatchRepository,
  BatchTallyRepository,
];

/** MongoDB through mongoose: one connection, every model, the repositories and the service clock. */
@Module({
  imports: [
    MongooseModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        uri: config.mongoUrl,
        // Fail fast when MongoDB is away: intake answers 503, the worker's job is retried.
        bufferCommands: false,
        // Optional domain fields stay absent instead of turning into null on the way through.
        ignoreUndefined: true,
        serverSelectionTimeoutMS: 5_000,
        // A server that accepts connections but does not answer (frozen, partitioned) counts as away as quickly.
        connectTimeoutMS: 5_000,
        autoIndex: true,
      }),
    }),
    MongooseModule.forFeature(MODELS),
  ],
  providers: [
    ...REPOSITORIES,
    SandboxClock,
    {
      provide: ServiceClock,
      inject: [APP_CONFIG, SandboxClock],
      useFactory: (config: AppConfig, sandbox: SandboxClock) => (config.clockMode === 'sandbox' ? sandbox : new SystemClock()),
    },
  ],
  exports: [...REPOSITORIES, SandboxClock, ServiceClock],
})
export class PersistenceModule {}
