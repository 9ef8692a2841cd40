import { Injectable } from '@nestjs/common';
import { CommandHandler, HandlerContext, HandlerResult } from '@app/command-engine';
import { SubscriptionCommandRunner } from '../shared/subscription-command.runner';

/** Cancels inside the window with a prorated refund, or at renewal for traditional marketplace offers (R-CAN-1..3, R-CAN-MP). */
@Injectable()
export class CancelSubscriptionUseCase implements CommandHandler {
  readonly type = 'cancel-subscription';

  constructor(private readonly runner: SubscriptionCommandRunner) {}

  handle(context: HandlerContext): Promise<HandlerResult> {
    return this.runner.run(context);
  }
}
