import { Injectable } from '@nestjs/common';
import { CommandHandler, HandlerContext, HandlerResult } from '@app/command-engine';
import { SubscriptionCommandRunner } from '../shared/subscription-command.runner';

/** Reactivates a suspended subscription before its term ends, with the add-ons it suspended (R-SUS-4, R-ADD-2). */
@Injectable()
export class ReactivateSubscriptionUseCase implements CommandHandler {
  readonly type = 'reactivate-subscription';

  constructor(private readonly runner: SubscriptionCommandRunner) {}

  handle(context: HandlerContext): Promise<HandlerResult> {
    return this.runner.run(context);
  }
}
