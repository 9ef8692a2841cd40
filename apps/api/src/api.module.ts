import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { MessagingModule, OperationsModule } from '@app/messaging';
import { AppConfigModule, LoggingModule } from '@app/platform';
import { AuthGuard } from './auth/auth.guard';
import { CommandIntake } from './commands/command-intake.service';
import { CommandResponder } from './commands/command-responder';
import { CommandsController } from './commands/commands.controller';
import { ErrorFilter } from './common/error.filter';
import { HttpMetricsInterceptor } from './common/http-metrics.interceptor';
import { CustomerAccess } from './customers/customer-access';
import { CustomersController } from './customers/customers.controller';
import { DryRunService } from './dry-run/dry-run.service';
import { OffersController } from './offers/offers.controller';
import { OrdersController } from './orders/orders.controller';
import { PartnersController } from './partners/partners.controller';
import { SubscriptionAccess } from './subscriptions/subscription-access';
import { SubscriptionsController } from './subscriptions/subscriptions.controller';

@Module({
  imports: [AppConfigModule.forRoot(), LoggingModule, MessagingModule, OperationsModule],
  controllers: [PartnersController, CustomersController, OffersController, OrdersController, SubscriptionsController, CommandsController],
  providers: [
    AuthGuard,
    { provide: APP_GUARD, useExisting: AuthGuard },
    { provide: APP_FILTER, useClass: ErrorFilter },
    { provide: APP_INTERCEPTOR, useClass: HttpMetricsInterceptor },
    CommandIntake,
    CommandResponder,
    CustomerAccess,
    SubscriptionAccess,
    DryRunService,
  ],
})
export class ApiModule {}
