import { Inject, Injectable, Optional } from '@nestjs/common';
import { resolveDeferral } from '@app/domain';
import {
  CommandDocument,
  CommandError,
  CommandRepository,
  FINAL_STATUSES,
  GroupHolder,
  GroupQueueRepository,
  GroupRef,
  groupKey,
  parseGroupKey,
} from '@app/persistence';
import { Metrics, ServiceClock } from '@app/platform';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { DecisionContextFactory } from './decisions/decision-context.factory';
import { CommandFinalizer, failedOutcome, outcomeOfFinished, refusedOutcome } from './command-finalizer';
import { COMMAND_HOOKS, CommandHooks } from './command-hooks';
import { CommandHandlerRegistry, HandlerResult } from './command-handler';
import { inCommandLogContext } from './command-log-context';
import { CommandQueue } from './command-queue';
import { PumpJob } from './queues';

/** A pump gives other groups a turn after this many commands or this long. */
const FAIR_SHARE_COMMANDS = 50;
const FAIR_SHARE_MS = 2_000;
/** Reads and decisions again after a concurrent write, before treating it as an error. */
const MAX_CONFLICTS = 10;
/** Infrastructure failures of one command before it fails with INTERNAL_ERROR. */
export const MAX_COMMAND_ATTEMPTS = 10;

/**
 * Applies a group's commands one at a time, in sequence order. The order lives in MongoDB (the
 * group's queue on its document), never in BullMQ's retries: a pump job only says "work on this
 * group", and every step it takes is guarded by a conditional write, so a duplicate or stalled
 * pump cannot apply a command twice.
 */
@Injectable()
export class GroupPump {
  constructor(
    private readonly groups: GroupQueueRepository,
    private readonly commands: CommandRepository,
    private readonly handlers: CommandHandlerRegistry,
    private readonly finalizer: CommandFinalizer,
    private readonly queue: CommandQueue,
    private readonly clock: ServiceClock,
    private readonly metrics: Metrics,
    private readonly logger: PinoLogger,
    private readonly contexts: DecisionContextFactory,
    @Optional() @Inject(COMMAND_HOOKS) private readonly hooks?: CommandHooks,
  ) {}

  async run(job: Job<PumpJob>, token?: string): Promise<void> {
    const group = parseGroupKey(job.data.group);
    let holder = await this.groups.load(group);
    if (!holder) return;
    const started = performance.now();
    for (let done = 0; done < FAIR_SHARE_COMMANDS && performance.now() - started < FAIR_SHARE_MS; done++) {
      // The last command applied was not finished here (a worker died after applying it, or a
      // duplicate pump applied it): finish it before going on, so none is left half done.
      await this.finalizer.recover(holder);
      const headId = holder.queue.pending[0];
      if (!headId) return;
      const now = await this.clock.now();
      const deferredUntil = holder.queue.deferredUntil;
      if (deferredUntil && deferredUntil > now) return this.sleep(job, token, deferredUntil, now);
      // The head waits for other groups it holds a place in; one of them wakes this group.
      if ((await this.step(job, token, group, holder, headId, now)) === 'waiting') return;
      // Nothing else was waiting: stop without reading the group again. A command enlisted
      // meanwhile woke the group, and that wake-up runs after this job (keepLastIfActive).
      if (holder.queue.pending.length === 1) return;
      holder = await this.groups.load(group);
      if (!holder) return;
    }
    if (holder.queue.pending.length > 0) await this.queue.wake(groupKey(group));
  }

  private async step(job: Job<PumpJob>, token: string | undefined, group: GroupRef, holder: GroupHolder, headId: string, now: Date): Promise<'waiting' | void> {
    const seq = holder.lastAppliedSeq + 1;
    const record = await this.commands.get(headId);
    if (!record) {
      await this.groups.advance(group, seq, headId, failedOutcome(headId, seq, now, { code: 'INTERNAL_ERROR', message: 'command record not found' }));
      return;
    }
    if (FINAL_STATUSES.includes(record.status)) {
      await this.groups.advance(group, seq, headId, outcomeOfFinished(record, seq));
      return;
    }
    return inCommandLogContext(this.logger, record, () => this.applyAndFinish(job, token, group, holder, record, seq, now));
  }

  private async applyAndFinish(
    job: Job<PumpJob>, token: string | undefined, group: GroupRef, holder: GroupHolder, record: CommandDocument, seq: number, now: Date,
  ): Promise<'waiting' | void> {
    const stop = await this.hooks?.refusalBeforeApply(record);
    if (stop) {
      await this.refuse(group, record, seq, now, stop);
      return;
    }
    const started = performance.now();
    const result = await this.apply(group, holder, record, seq, now);
    this.metrics.commandDuration.observe({ type: record.type }, (performance.now() - started) / 1000);
    if (result.kind === 'waiting') return 'waiting';
    if (result.kind === 'applied') {
      await this.finalizer.finish(record, result.outcome);
      if (record.status === 'deferred') await this.commands.clearDeferral(holder.queue.pending.slice(1));
    } else if (result.kind === 'refused') {
      await this.refuse(group, record, seq, now, result.error);
    } else if (result.kind === 'deferred') {
      await this.defer(job, token, group, holder, record, now, result.reason);
    }
  }

  /** Runs the handler, reading again after a concurrent write; an exception is an infrastructure error. */
  private async apply(group: GroupRef, holder: GroupHolder, record: CommandDocument, seq: number, now: Date): Promise<HandlerResult> {
    const handler = this.handlers.for(record.type);
    let current = holder;
    let command = record;
    try {
      for (let conflicts = 0; conflicts < MAX_CONFLICTS; conflicts++) {
        const result = await handler.handle({ record: command, seq, holder: current, group, now });
        if (result.kind !== 'conflict') return result;
        const [reloaded, reread] = await Promise.all([this.groups.load(group), this.commands.get(record._id)]);
        if (!reloaded || !reread || reloaded.lastAppliedSeq >= seq) return { kind: 'conflict' }; // finished by another pump
        current = reloaded;
        command = reread;
      }
      throw new Error(`command ${record._id} met ${MAX_CONFLICTS} concurrent writes in a row`);
    } catch (error) {
      await this.onInfrastructureError(group, record, seq, error as Error);
      throw error;
    }
  }

  /** Takes the group past a command that changed nothing; false when another pump did already. */
  private async refuse(group: GroupRef, record: CommandDocument, seq: number, now: Date, error: CommandError): Promise<boolean> {
    const outcome = refusedOutcome(record, seq, now, error);
    if (!(await this.groups.advance(group, seq, record._id, outcome))) return false;
    await this.finalizer.finish(record, outcome);
    return true;
  }

  /** R-REN-4: the head waits (and the group with it) until nextAttemptAt or until the renewal completes. */
  private async defer(job: Job<PumpJob>, token: string | undefined, group: GroupRef, holder: GroupHolder, record: CommandDocument, now: Date, reason: string) {
    const deferral = resolveDeferral(record.acceptedAt, now, this.contexts.policy);
    if (deferral.kind === 'refused') return this.refuse(group, record, holder.lastAppliedSeq + 1, now, deferral.error);
    // The group is marked first: a command enlisted from now on sees it and waits too; the ones
    // already behind the head are read afterwards, so none is missed.
    await this.groups.defer(group, deferral.nextAttemptAt, reason);
    const behind = ((await this.groups.load(group))?.queue.pending ?? []).filter((id) => id !== record._id);
    await this.commands.markDeferred(record, behind, reason, now, deferral.nextAttemptAt);
    await this.hooks?.deferred(record);
    this.metrics.commandsFinished.inc({ type: record.type, outcome: 'deferred', code: reason });
    return this.sleep(job, token, deferral.nextAttemptAt, now);
  }

  /** Parks this group's pump until `until` (service time); other groups carry on. */
  private async sleep(job: Job<PumpJob>, token: string | undefined, until: Date, now: Date): Promise<never> {
    await job.moveToDelayed(Date.now() + Math.max(0, until.getTime() - now.getTime()), token);
    throw new DelayedError();
  }

  /**
   * Counts a failed attempt on the command. After the last one the command fails with
   * INTERNAL_ERROR (the group moves on) and the job goes to the failed list.
   */
  private async onInfrastructureError(group: GroupRef, record: CommandDocument, seq: number, error: Error): Promise<void> {
    this.logger.error({ err: error }, 'command attempt failed');
    await this.commands.recordFailedAttempt(record._id, { code: 'INTERNAL_ERROR', message: error.message }).catch(() => undefined);
    const failures = record.attempts - record.deferrals.length + 1;
    if (failures < MAX_COMMAND_ATTEMPTS) return;
    const now = await this.clock.now();
    await this.refuse(group, record, seq, now, { code: 'INTERNAL_ERROR', message: `failed after ${MAX_COMMAND_ATTEMPTS} attempts: ${error.message}` });
    await this.queue.wake(groupKey(group));
    throw new UnrecoverableError(`command ${record._id} failed after ${MAX_COMMAND_ATTEMPTS} attempts: ${error.message}`);
  }
}
