import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { APP_CONFIG, AppConfig, ServiceClock } from '@app/platform';
import { BatchRepository } from './batches/batch.repository';
import { BATCH_MODEL, batchSchema } from './batches/batch.schema';
import { BATCH_CHUNK_MODEL, BATCH_TALLY_MODEL, batchChunkSchema, batchTallySchema } from './batches/batch-chunk.schema';
import { BatchTallyRepository } from './batches/batch-tally.repository';
import { CatalogRepository } from './catalog/catalog.repository';
import { CATALOG_MODEL, catalogSchema } from './catalog/catalog.schema';
import { CHARGE_MODEL, chargeSchema } from './charges/charge.schema';
import { OutcomeRecorder } from './charges/outcome-recorder';
import { CLOCK_MODEL, clockSchema } from './clock/clock.schema';
import { SandboxClock, SystemClock } from './clock/clocks';
import { COMMAND_MODEL, commandSchema } from './commands/command.schema';
import { CommandRepository } from './commands/command.repository';
import { CUSTOMER_MODEL, customerSchema } from './customers/customer.schema';
import { CustomerRepository } from './customers/customer.repository';
import { HoldingsLedger } from './customers/holdings-ledger';
import { EVENT_FEED_MODEL, eventFeedSchema } from './events/event-feed.schema';
import { EventLog } from './events/event-log';
import { EVENT_MODEL, eventSchema } from './events/event.schema';
import { GroupQueueRepository } from './groups/group-queue.repository';
import { PARTNER_MODEL, partnerSchema } from './partners/partner.schema';
import { PartnerRepository } from './partners/partner.repository';
import { SUBSCRIPTION_MODEL, subscriptionSchema } from './subscriptions/subscription.schema';
import { PlanHolds } from './subscriptions/plan-holds';
import { SubscriptionRepository } from './subscriptions/subscription.repository';
import { WEBHOOK_DELIVERY_MODEL, webhookDeliverySchema } from './webhooks/webhook-delivery.schema';
import { WebhookRepository } from './webhooks/webhook.repository';
import { WEBHOOK_MODEL, webhookSchema } from './webhooks/webhook.schema';
import { RELATIONSHIP_REQUEST_MODEL, relationshipRequestSchema } from './transfers/relationship-request.schema';
import { RelationshipRequestRepository } from './transfers/relationship-request.repository';
import { TRANSFER_MODEL, transferSchema } from './transfers/transfer.schema';
import { TransferRepository } from './transfers/transfer.repository';

export const MODELS = [
  { name: PARTNER_MODEL, schema: partnerSchema },
  { name: CUSTOMER_MODEL, schema: customerSchema },
  { name: SUBSCRIPTION_MODEL, schema: subscriptionSchema },
  { name: COMMAND_MODEL, schema: commandSchema },
  { name: CHARGE_MODEL, schema: chargeSchema },
  { name: EVENT_MODEL, schema: eventSchema },
  { name: EVENT_FEED_MODEL, schema: eventFeedSchema },
  { name: WEBHOOK_MODEL, schema: webhookSchema },
  { name: WEBHOOK_DELIVERY_MODEL, schema: webhookDeliverySchema },
  { name: CATALOG_MODEL, schema: catalogSchema },
  { name: CLOCK_MODEL, schema: clockSchema },
  { name: RELATIONSHIP_REQUEST_MODEL, schema: relationshipRequestSchema },
  { name: TRANSFER_MODEL, schema: transferSchema },
  { name: BATCH_MODEL, schema: batchSchema },
  { name: BATCH_CHUNK_MODEL, schema: batchChunkSchema },
  { name: BATCH_TALLY_MODEL, schema: batchTallySchema },
];

const REPOSITORIES = [
  PartnerRepository,
  CustomerRepository,
  HoldingsLedger,
  SubscriptionRepository,
  PlanHolds,
  CommandRepository,
  GroupQueueRepository,
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
