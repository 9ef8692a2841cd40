import { Injectable } from '@nestjs/common';
import { CommandHandler, HandlerContext, HandlerResult } from '@app/command-engine';
import { SubscriptionCommandRunner } from '../shared/subscription-command.runner';

/** PATCH of a subscription: quantity, auto-renew, friendly name (all-or-nothing). */
@Injectable()
export class UpdateSubscriptionUseCase implements CommandHandler {
  readonly type = 'update-subscription';

  constructor(private readonly runner: SubscriptionCommandRunner) {}

  handle(context: HandlerContext): Promise<HandlerResult> {
    return this.runner.run(context);
  }
}
