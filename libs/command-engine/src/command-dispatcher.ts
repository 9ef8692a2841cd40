import { Injectable, Logger } from '@nestjs/common';
import { CommandRepository, Enlisted, GroupQueueRepository, GroupRef, groupKey } from '@app/persistence';
import { CommandQueue } from './command-queue';
import { WakeLane } from './wake-lane';

export type EnlistResult = Enlisted | 'missing';

/**
 * Puts an accepted command (its record already written) in its group's queue in MongoDB, then
 * wakes the group's pump. MongoDB holds the order; Redis only says "look at this group", so a lost
 * wake-up is repaired by the reconciler and never loses or reorders a command.
 */
@Injectable()
export class CommandDispatcher {
  private readonly logger = new Logger(CommandDispatcher.name);

  constructor(
    private readonly groups: GroupQueueRepository,
    private readonly queue: CommandQueue,
    private readonly commands: CommandRepository,
  ) {}

  async enlist(group: GroupRef, commandId: string, label: string, lane?: WakeLane): Promise<EnlistResult> {
    const enlisted = await this.groups.enlist(group, commandId);
    if (enlisted === 'missing') return enlisted;
    // Behind a deferred command: this one waits as long (G3), and says so.
    if (enlisted.deferred) await this.commands.markWaiting(commandId, enlisted.deferred.reason, enlisted.deferred.until);
    try {
      await this.queue.wake(groupKey(group), label, lane);
    } catch (error) {
      // Accepted all the same: the command is in MongoDB and the reconciler wakes its group.
      this.logger.warn(`could not wake ${groupKey(group)}: ${(error as Error).message}`);
    }
    return enlisted;
  }
}
