import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CommandEngineModule } from '@app/command-engine';
import { OperationsModule } from '@app/operations';
import { AppConfigModule, LoggingModule } from '@app/platform';
import { AuthGuard } from './auth/auth.guard';
import { PartnerThrottlerGuard } from './rate-limit/partner-throttler.guard';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { BatchResults } from './batches/batch-results.service';
import { BatchUpload } from './batches/batch-upload.service';
import { BatchesController } from './batches/batches.controller';
import { ClockController } from './clock/clock.controller';
import { CommandIntake } from './commands/command-intake.service';
import { CommandResponder } from './commands/command-responder';
import { CommandsController } from './commands/commands.controller';
import { ErrorFilter } from './common/error.filter';
import { RequestContractInterceptor } from './common/request-contract.interceptor';
import { RouteCatalog } from './common/route-catalog';
import { CustomerAccess } from './customers/customer-access';
import { CustomersController } from './customers/customers.controller';
import { EventsController } from './events/events.controller';
import { WebhooksController } from './webhooks/webhooks.controller';
import { DryRunService } from './dry-run/dry-run.service';
import { OffersController } from './offers/offers.controller';
import { OrdersController } from './orders/orders.controller';
import { PartnersController } from './partners/partners.controller';
import { SubscriptionAccess } from './subscriptions/subscription-access';
import { SubscriptionsController } from './subscriptions/subscriptions.controller';
import { ConversionsController } from './subscriptions/conversions/conversions.controller';
import { SubscriptionExportController } from './subscriptions/export/subscription-export.controller';
import { SubscriptionLinesController } from './subscriptions/subscription-lines.controller';
import { SubscriptionLifecycleController } from './subscriptions/lifecycle/subscription-lifecycle.controller';
import { ScheduledChangeController } from './subscriptions/scheduled-change/scheduled-change.controller';
import { SubscriptionCommandSender } from './subscriptions/subscription-command.sender';
import { UpgradesController } from './subscriptions/upgrades/upgrades.controller';
import { RelationshipRequestsController } from './transfers/relationship-requests.controller';
import { TransfersController } from './transfers/transfers.controller';

/** The subscription routes under `…/subscriptions/{id}/…` and the customer's CSV export (R-EXP-1). */
const SUBSCRIPTION_CONTROLLERS = [
  SubscriptionExportController,
  SubscriptionLifecycleController,
  UpgradesController,
  ScheduledChangeController,
  ConversionsController,
  SubscriptionLinesController,
];

@Module({
  imports: [AppConfigModule.forRoot(), LoggingModule, CommandEngineModule, OperationsModule, RateLimitModule],
  controllers: [
    PartnersController,
    CustomersController,
    OffersController,
    OrdersController,
    SubscriptionsController,
    ...SUBSCRIPTION_CONTROLLERS,
    RelationshipRequestsController,
    TransfersController,
    CommandsController,
    EventsController,
    WebhooksController,
    BatchesController,
    ClockController,
  ],
  providers: [
    AuthGuard,
    { provide: APP_GUARD, useExisting: AuthGuard },
    // After the AuthGuard: it names the partner whose budget a request spends.
    { provide: APP_GUARD, useClass: PartnerThrottlerGuard },
    { provide: APP_FILTER, useClass: ErrorFilter },
    { provide: APP_INTERCEPTOR, useClass: RequestContractInterceptor },
    RouteCatalog,
    CommandIntake,
    CommandResponder,
    CustomerAccess,
    SubscriptionAccess,
    SubscriptionCommandSender,
    DryRunService,
    BatchUpload,
    BatchResults,
  ],
})
export class ApiModule {}
