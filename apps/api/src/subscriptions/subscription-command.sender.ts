import { Injectable } from '@nestjs/common';
import type { Command, CommandType, Principal } from '@app/domain';
import { visibleTo } from '@app/domain';
import { SubscriptionRepository } from '@app/persistence';
import type { Response } from 'express';
import { idempotencyKey, ifMatchVersion, isDryRun } from '../common/command-headers';
import { partnerOf } from '../auth/principal.decorator';
import { CommandIntake } from '../commands/command-intake.service';
import { CommandOptions } from '../commands/command-endpoint.decorator';
import { CommandResponder } from '../commands/command-responder';
import { DryRunService } from '../dry-run/dry-run.service';
import { SubscriptionAccess } from './subscription-access';

export type SubscriptionCommandType = Exclude<CommandType, 'place-order' | 'submit-transfer'>;

export interface SubscriptionCommandCall {
  principal: Principal;
  customerId: string;
  subscriptionId: string;
  type: SubscriptionCommandType;
  /** The command's own fields (besides type, commandId, subscriptionId and If-Match). */
  fields?: Record<string, unknown>;
  /** A subscription id assigned at intake for one the command may create (`newSubscriptionId`). */
  newSubscriptionId?: string;
  /** An existing subscription the caller names as the receiver; recorded in its history when it is the caller's. */
  targetSubscriptionId?: string;
  /** The path under the subscription (`suspend`, `upgrades`, …) and the body, for Idempotency-Key. */
  action: string;
  body: unknown;
  options: CommandOptions;
  response: Response;
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
    const { principal, customerId, subscriptionId, options, response } = call;
    const { subscription } = await this.access.visible(principal, customerId, subscriptionId);
    const version = ifMatchVersion(options.ifMatch);
    const key = idempotencyKey(options.idempotencyKey);
    const payload: Record<string, unknown> = {
      subscriptionId,
      ...call.fields,
      ...(call.newSubscriptionId ? { newSubscriptionId: call.newSubscriptionId } : {}),
      ...(version !== undefined ? { ifMatchVersion: version } : {}),
    };
    if (isDryRun(options.dryRun)) {
      response.status(200);
      const command = { type: call.type, commandId: 'dry-run', ...payload } as unknown as Command;
      return this.dryRun.preview(principal, command, customerId, subscription);
    }
    const path = `/v1/customers/${customerId}/subscriptions/${subscriptionId}/${call.action}`;
    const record = await this.intake.accept({
      type: call.type,
      principal,
      partnerId: partnerOf(principal),
      customerId,
      subscriptionId,
      subscriptionIds: [subscriptionId, ...(call.newSubscriptionId ? [call.newSubscriptionId] : []), ...(await this.ownTarget(principal, customerId, call.targetSubscriptionId))],
      group: { kind: 'subscription', id: subscriptionId },
      payload,
      idempotencyKey: key,
      request: { path, body: call.body, ifMatch: version ?? null },
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
