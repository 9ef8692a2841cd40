import { Injectable } from '@nestjs/common';
import { CommandHandler, HandlerContext, HandlerResult } from '@app/command-engine';
import { SubscriptionCommandRunner } from '../shared/subscription-command.runner';

/** Suspends a subscription and the add-ons of a base; auto-renew goes off (R-SUS-1, R-SUS-3, R-ADD-2). */
@Injectable()
export class SuspendSubscriptionUseCase implements CommandHandler {
  readonly type = 'suspend-subscription';

  constructor(private readonly runner: SubscriptionCommandRunner) {}

  handle(context: HandlerContext): Promise<HandlerResult> {
    return this.runner.run(context);
  }
}
