import { Injectable } from '@nestjs/common';
import { CommandHandler, HandlerContext, HandlerResult } from '@app/command-engine';
import { SubscriptionCommandRunner } from '../shared/subscription-command.runner';

/** Time-driven. R-REN-6, R-SUS-4: a subscription with auto-renew off, or still suspended, ends at its term end. */
@Injectable()
export class ExpireSubscriptionUseCase implements CommandHandler {
  readonly type = 'expire-subscription';

  constructor(private readonly runner: SubscriptionCommandRunner) {}

  handle(context: HandlerContext): Promise<HandlerResult> {
    return this.runner.run(context);
  }
}
