import { Injectable } from '@nestjs/common';
import { CommandHandler, HandlerContext, HandlerResult } from '@app/command-engine';
import { SubscriptionCommandRunner } from '../shared/subscription-command.runner';

/** Sets or replaces the change applied at renewal, or a trial's conversion at its end (R-SCH-1..3, R-TRI-6). */
@Injectable()
export class PutScheduledChangeUseCase implements CommandHandler {
  readonly type = 'put-scheduled-change';

  constructor(private readonly runner: SubscriptionCommandRunner) {}

  handle(context: HandlerContext): Promise<HandlerResult> {
    return this.runner.run(context);
  }
}
