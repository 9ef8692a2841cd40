import { Injectable } from '@nestjs/common';
import type { CommandOf, CommandType, Principal } from '@app/domain';
import { visibleTo } from '@app/domain';
import { SubscriptionRepository } from '@app/persistence';
import { idempotencyKey, ifMatchVersion, isDryRun } from '../common/command-headers';
import { partnerOf } from '../auth/principal.decorator';
import { CommandIntake } from '../commands/command-intake.service';
import { SubscriptionCommandRequest } from '../commands/command-endpoint.decorator';
import { CommandResponder } from '../commands/command-responder';
import { DryRunService } from '../dry-run/dry-run.service';
import { SubscriptionAccess } from './subscription-access';

export type SubscriptionCommandType = Exclude<CommandType, 'place-order' | 'submit-transfer'>;
export type SubscriptionCommand = CommandOf<SubscriptionCommandType>;

/** What every subscription command starts from: its id, its subscription and the caller's If-Match (R-CON-1). */
export interface OnSubscription {
  commandId: string;
  subscriptionId: string;
  ifMatchVersion?: number;
}

export interface SubscriptionCommandCall {
  request: SubscriptionCommandRequest;
  /** The endpoint's mapper: its DTO as the domain command. */
  command: (on: OnSubscription) => SubscriptionCommand;
  /** The path under the subscription (`suspend`, `upgrades`, …) and the body, for Idempotency-Key. */
  action: string;
  body: unknown;
}

/**
 * Every command on one subscription is taken in the same way: the subscription must be the
 * caller's (404 otherwise, R-ROLE-2), then a dry run answers the verdict, or the command is
 * queued in the subscription's group and answered 202 (or 200 under `Prefer: wait`).
 */
@Injectable()
export class SubscriptionCommandSender {
  constructor(
    private readonly access: SubscriptionAccess,
    private readonly subscriptions: SubscriptionRepository,
    private readonly intake: CommandIntake,
    private readonly responder: CommandResponder,
    private readonly dryRun: DryRunService,
  ) {}

  async send(call: SubscriptionCommandCall) {
    const { principal, customerId, subscriptionId, options, response } = call.request;
    const { subscription } = await this.access.visible(principal, customerId, subscriptionId);
    const version = ifMatchVersion(options.ifMatch);
    const key = idempotencyKey(options.idempotencyKey);
    const dryRun = isDryRun(options.dryRun);
    const command = call.command({
      commandId: dryRun ? 'dry-run' : this.intake.newCommandId(),
      subscriptionId,
      ...(version !== undefined ? { ifMatchVersion: version } : {}),
    });
    if (dryRun) {
      response.status(200);
      return this.dryRun.preview(principal, command, customerId, subscription);
    }
    const created = 'newSubscriptionId' in command ? [command.newSubscriptionId] : [];
    const target = 'targetSubscriptionId' in command ? command.targetSubscriptionId : undefined;
    const record = await this.intake.accept({
      command,
      principal,
      partnerId: partnerOf(principal),
      customerId,
      subscriptionId,
      subscriptionIds: [subscriptionId, ...created, ...(await this.ownTarget(principal, customerId, target))],
      group: { kind: 'subscription', id: subscriptionId },
      idempotencyKey: key,
      request: { path: `/v1/customers/${customerId}/subscriptions/${subscriptionId}/${call.action}`, body: call.body, ifMatch: version ?? null },
    });
    return this.responder.reply(response, record, options.prefer);
  }

  /** A named receiver joins the command's history only when it is the caller's; otherwise the domain refuses it. */
  private async ownTarget(principal: Principal, customerId: string, targetId: string | undefined): Promise<string[]> {
    if (!targetId) return [];
    const target = await this.subscriptions.getOfCustomer(customerId, targetId);
    return target && visibleTo(partnerOf(principal), target) ? [targetId] : [];
  }
}
