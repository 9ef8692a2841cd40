import { Injectable } from '@nestjs/common';
import { CommandHandler, HandlerContext, HandlerResult } from '@app/command-engine';
import { SubscriptionCommandRunner } from '../shared/subscription-command.runner';

/** Time-driven. R-REN-2: the renewal begins at the start of the day after the term end; the subscription is read-only until it completes. */
@Injectable()
export class StartRenewalUseCase implements CommandHandler {
  readonly type = 'start-renewal';

  constructor(private readonly runner: SubscriptionCommandRunner) {}

  handle(context: HandlerContext): Promise<HandlerResult> {
    return this.runner.run(context);
  }
}
