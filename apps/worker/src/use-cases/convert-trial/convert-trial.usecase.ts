import { Injectable } from '@nestjs/common';
import { CommandHandler, HandlerContext, HandlerResult } from '@app/command-engine';
import { SubscriptionCommandRunner } from '../shared/subscription-command.runner';

/** Converts a trial now into a new or an existing subscription, or schedules it for the trial's end (R-TRI-2..6). */
@Injectable()
export class ConvertTrialUseCase implements CommandHandler {
  readonly type = 'convert-trial';

  constructor(private readonly runner: SubscriptionCommandRunner) {}

  handle(context: HandlerContext): Promise<HandlerResult> {
    return this.runner.run(context);
  }
}
