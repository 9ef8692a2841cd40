import { Injectable } from '@nestjs/common';
import { CommandHandler, HandlerContext, HandlerResult } from '@app/command-engine';
import { SubscriptionCommandRunner } from '../shared/subscription-command.runner';

/** Time-driven. R-TRI-1: a trial ends; it converts to the paid offer, or expires when auto-renew is off. */
@Injectable()
export class EndTrialUseCase implements CommandHandler {
  readonly type = 'end-trial';

  constructor(private readonly runner: SubscriptionCommandRunner) {}

  handle(context: HandlerContext): Promise<HandlerResult> {
    return this.runner.run(context);
  }
}
