import { Injectable } from '@nestjs/common';
import { CommandHandler, HandlerContext, HandlerResult } from '@app/command-engine';
import { SubscriptionCommandRunner } from '../shared/subscription-command.runner';

/** Deletes the scheduled change (R-SCH-3). */
@Injectable()
export class DeleteScheduledChangeUseCase implements CommandHandler {
  readonly type = 'delete-scheduled-change';

  constructor(private readonly runner: SubscriptionCommandRunner) {}

  handle(context: HandlerContext): Promise<HandlerResult> {
    return this.runner.run(context);
  }
}
