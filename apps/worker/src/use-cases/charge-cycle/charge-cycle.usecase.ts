import { Injectable } from '@nestjs/common';
import { CommandHandler, HandlerContext, HandlerResult } from '@app/command-engine';
import { SubscriptionCommandRunner } from '../shared/subscription-command.runner';

/** Time-driven. R-SUS-2, R-REN-5: the next billing cycle is charged (a pending frequency change takes effect here). */
@Injectable()
export class ChargeCycleUseCase implements CommandHandler {
  readonly type = 'charge-cycle';

  constructor(private readonly runner: SubscriptionCommandRunner) {}

  handle(context: HandlerContext): Promise<HandlerResult> {
    return this.runner.run(context);
  }
}
