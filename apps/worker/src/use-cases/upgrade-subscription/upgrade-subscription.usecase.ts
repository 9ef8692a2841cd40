import { Injectable } from '@nestjs/common';
import { CommandHandler, HandlerContext, HandlerResult } from '@app/command-engine';
import { SubscriptionCommandRunner } from '../shared/subscription-command.runner';

/** Upgrades now (in place, into a new coterminous or an existing subscription) or at renewal (R-UPG-1..8). */
@Injectable()
export class UpgradeSubscriptionUseCase implements CommandHandler {
  readonly type = 'upgrade-subscription';

  constructor(private readonly runner: SubscriptionCommandRunner) {}

  handle(context: HandlerContext): Promise<HandlerResult> {
    return this.runner.run(context);
  }
}
