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
  StoredOutcome,
} from '@app/persistence';
import { APP_CONFIG, AppConfig, Metrics, ServiceClock } from '@app/platform';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { CommandFinalizer, failedOutcome, outcomeOfFinished, refusedOutcome } from './command-finalizer';
import { COMMAND_HOOKS, CommandHooks } from './command-hooks';
import { CommandHandlerRegistry, HandlerResult, RunStep } from './command-handler';
import { inCommandLogContext } from './command-log-context';
import { CommandQueue } from './command-queue';
import { decodeCommand, UndecodableCommand } from './commands/command-decoder';
import { DecisionContextFactory } from './decisions/decision-context.factory';
import { PumpJob } from './queues';

/** A pump gives other groups a turn after this many commands or this long. */
const FAIR_SHARE_COMMANDS = 50;
const FAIR_SHARE_MS = 2_000;
/** Reads and decisions again after a concurrent write, before the group gives its turn to others. */
const MAX_CONFLICTS = 10;
/** The longest pause, in ms, between two tries that met a concurrent write (and before the group's next turn after MAX_CONFLICTS). */
const CONFLICT_PAUSE_MS = 200;
/** Infrastructure failures of one command before it fails with INTERNAL_ERROR. */
export const MAX_COMMAND_ATTEMPTS = 10;

/** The command at the head of a group, about to be taken. */
interface Step {
  job: Job<PumpJob>;
  token: string | undefined;
  group: GroupRef;
  holder: GroupHolder;
  /** The head's place in the group: the one after the last applied. */
  seq: number;
  now: Date;
}

/**
 * Applies a group's commands one at a time, in sequence order. The order lives in MongoDB (the
 * group's queue on its document), never in BullMQ's retries: a pump job only says "work on this
 * group", and every step it takes is guarded by a conditional write, so a duplicate or stalled
 * pump cannot apply a command twice.
 *
 * For each head, in this order: finish the last command if its worker died before finishing it;
 * wait if the group is deferred; read the head's record (skip it if missing or finished before);
 * decode it and run its use case; then finish it, refuse it or defer the group.
 */
@Injectable()
export class GroupPump {
  private readonly runMax: number;

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
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'groupCommitMax'>,
    @Optional() @Inject(COMMAND_HOOKS) private readonly hooks?: CommandHooks,
  ) {
    this.runMax = config.groupCommitMax;
  }

  async run(job: Job<PumpJob>, token?: string): Promise<void> {
    const group = parseGroupKey(job.data.group);
    const started = performance.now();
    let holder = await this.groups.load(group);
    for (let done = 0; holder && done < FAIR_SHARE_COMMANDS && performance.now() - started < FAIR_SHARE_MS; ) {
      await this.finalizer.recover(holder);
      const headId = holder.queue.pending[0];
      if (!headId) return;
      const now = await this.clock.now();
      const deferredUntil = holder.queue.deferredUntil;
      if (deferredUntil && deferredUntil > now) return this.sleepDeferred(job, token, group, deferredUntil, now);
      const step = { job, token, group, holder, seq: holder.lastAppliedSeq + 1, now };
      const run = await this.takeRun(step, Math.min(this.runMax, FAIR_SHARE_COMMANDS - done));
      let taken = run.taken;
      if (taken === 0) {
        // The head waits for other groups it holds a place in; one of them wakes this group.
        if ((await this.take(step, headId, run.head)) === 'waiting') return;
        taken = 1;
      }
      done += taken;
      // Nothing else was waiting: stop without reading the group again. A command enlisted
      // meanwhile woke the group, and that wake-up runs after this job (keepLastIfActive).
      if (holder.queue.pending.length === taken) return;
      holder = await this.groups.load(group);
    }
    if (holder && holder.queue.pending.length > 0) await this.queue.wake(groupKey(group));
  }

  /**
   * Group commit: the head and the plain commands queued behind it (the same use case, no plan, no
   * other group held) are decided one after the other in memory and applied with one write, then
   * finished in bulk. Answers how many were taken (and the head's record if it was read); 0 when
   * fewer than two could go together, or the write missed or failed, and the head is then taken
   * alone, the usual way (which counts attempts, reads again after a conflict and defers).
   */
  private async takeRun(step: Step, max: number): Promise<{ taken: number; head?: CommandDocument | null }> {
    const ids = step.holder.queue.pending.slice(0, max);
    if (ids.length < 2 || step.group.kind !== 'subscription') return { taken: 0 };
    const head = await this.commands.get(ids[0]);
    const handler = head ? this.handlers.runHandlerOf(head.type) : undefined;
    if (!head || !handler) return { taken: 0, head };
    const steps = new RunSteps(ids, head, (id) => this.commands.get(id), (record, index) => this.runStepOf(step, handler, record, index));
    const started = performance.now();
    let outcomes;
    try {
      outcomes = await handler.applyRun({ group: step.group, holder: step.holder, now: step.now, next: () => steps.next() });
    } catch (error) {
      this.logger.warn({ err: error, group: groupKey(step.group) }, 'group commit failed; taking the head alone');
      return { taken: 0 };
    }
    // Decided but not written: the head alone reads its record again (another pump may have moved on).
    if (outcomes === 'conflict') return { taken: 0 };
    if (outcomes.length === 0) return { taken: 0, head };
    const applied = steps.given.slice(0, outcomes.length);
    const seconds = (performance.now() - started) / 1000 / applied.length;
    for (const { record } of applied) this.metrics.commandDuration.observe({ type: record.type }, seconds);
    await this.finalizer.finishRun(step.group, applied.map((s) => s.record), outcomes);
    if (applied.some((s) => s.record.status === 'deferred')) await this.commands.clearDeferral(step.holder.queue.pending.slice(applied.length));
    return { taken: applied.length };
  }

  /** The step of a queued record that may go in a run behind the head; undefined when it is to be taken alone, the usual way. */
  private async runStepOf(step: Step, handler: object, record: CommandDocument, index: number): Promise<RunStep | undefined> {
    if (FINAL_STATUSES.includes(record.status) || record.plan || record.groupKey !== groupKey(step.group)) return undefined;
    if ((record.heldGroups ?? []).length > 0 || this.handlers.runHandlerOf(record.type) !== handler) return undefined;
    let command;
    try {
      command = decodeCommand(record);
    } catch {
      return undefined;
    }
    const refusal = await this.hooks?.refusalBeforeApply(record);
    return { record, command, seq: step.seq + index, ...(refusal ? { refusal } : {}) };
  }

  /** Takes the head command: its use case decides, then the command is finished, refused or deferred (or waits for its other groups). */
  private async take(step: Step, headId: string, read?: CommandDocument | null): Promise<'waiting' | void> {
    const record = read !== undefined ? read : await this.commands.get(headId);
    if (!record) return this.skip(step, headId, failedOutcome(headId, step.seq, step.now, { code: 'INTERNAL_ERROR', message: 'command record not found' }));
    if (FINAL_STATUSES.includes(record.status)) return this.skip(step, headId, outcomeOfFinished(record, step.seq));
    return inCommandLogContext(this.logger, record, async (): Promise<'waiting' | void> => {
      const stop = await this.hooks?.refusalBeforeApply(record);
      if (stop) {
        await this.refuse(step, record, stop);
        return;
      }
      const started = performance.now();
      const result = await this.apply(step, record);
      if (result.kind === 'contended') return this.sleep(step.job, step.token, new Date(step.now.getTime() + conflictPause(MAX_CONFLICTS)), step.now);
      this.metrics.commandDuration.observe({ type: record.type }, (performance.now() - started) / 1000);
      if (result.kind === 'waiting') return 'waiting';
      if (result.kind === 'applied') await this.finish(step, record, result.outcome);
      else if (result.kind === 'refused') await this.refuse(step, record, result.error);
      else if (result.kind === 'deferred') await this.defer(step, record, result.reason);
      // 'conflict' here: another pump finished the command meanwhile.
    });
  }

  /**
   * Decodes the record and runs its use case, reading again after a concurrent write. A record
   * that does not decode is refused with INTERNAL_ERROR; any other exception is an infrastructure
   * error, counted against the command's attempts. Concurrent writes are not failures: someone
   * else's command went through (on a customer many subscriptions share, often), so after
   * MAX_CONFLICTS of them the group only waits for its next turn ('contended'), its attempts untouched.
   */
  private async apply(step: Step, record: CommandDocument): Promise<HandlerResult | { kind: 'contended' }> {
    try {
      const command = decodeCommand(record);
      let context = { record, command, seq: step.seq, holder: step.holder, group: step.group, now: step.now };
      for (let conflicts = 0; conflicts < MAX_CONFLICTS; conflicts++) {
        const result = await this.handlers.handle(context);
        if (result.kind !== 'conflict') return result;
        // Apart, so the writers racing on one document do not meet again at once.
        await new Promise((done) => setTimeout(done, conflictPause(conflicts)));
        const [holder, reread] = await Promise.all([this.groups.load(step.group), this.commands.get(record._id)]);
        if (!holder || !reread || holder.lastAppliedSeq >= step.seq) return { kind: 'conflict' }; // finished by another pump
        context = { ...context, record: reread, holder };
      }
      this.logger.warn({ conflicts: MAX_CONFLICTS }, 'command met concurrent writes in a row; the group waits for its next turn');
      return { kind: 'contended' };
    } catch (error) {
      if (error instanceof UndecodableCommand) return { kind: 'refused', error: { code: 'INTERNAL_ERROR', message: error.message } };
      await this.onInfrastructureError(step, record, error as Error);
      throw error;
    }
  }

  /** Takes the group past a head that is not to be applied: a missing record, or one finished before. */
  private async skip(step: Step, headId: string, outcome: StoredOutcome): Promise<void> {
    await this.groups.advance(step.group, step.seq, headId, outcome);
  }

  private async finish(step: Step, record: CommandDocument, outcome: StoredOutcome): Promise<void> {
    await this.finalizer.finish(record, outcome);
    if (record.status === 'deferred') await this.commands.clearDeferral(step.holder.queue.pending.slice(1));
  }

  /** Takes the group past a command that changed nothing; false when another pump did already. */
  private async refuse(step: Pick<Step, 'group' | 'seq' | 'now'>, record: CommandDocument, error: CommandError): Promise<boolean> {
    const outcome = refusedOutcome(record, step.seq, step.now, error);
    if (!(await this.groups.advance(step.group, step.seq, record._id, outcome))) return false;
    await this.finalizer.finish(record, outcome);
    return true;
  }

  /** R-REN-4: the head waits (and the group with it) until nextAttemptAt or until the renewal completes. */
  private async defer(step: Step, record: CommandDocument, reason: string) {
    const { job, token, group, now } = step;
    const deferral = resolveDeferral(record.acceptedAt, now, this.contexts.policy);
    if (deferral.kind === 'refused') return this.refuse(step, record, deferral.error);
    // The group is marked first: a command enlisted from now on sees it and waits too; the ones
    // already behind the head are read afterwards, so none is missed.
    await this.groups.defer(group, deferral.nextAttemptAt, reason);
    const behind = ((await this.groups.load(group))?.queue.pending ?? []).filter((id) => id !== record._id);
    await this.commands.markDeferred(record, behind, reason, now, deferral.nextAttemptAt);
    await this.hooks?.deferred(record);
    this.metrics.commandsFinished.inc({ type: record.type, outcome: 'deferred', code: reason });
    return this.sleepDeferred(job, token, group, deferral.nextAttemptAt, now);
  }

  /**
   * Parks a deferred group's pump until its wait ends. A wake-up that came while this job was still
   * active (the sandbox clock reached `until`, the renewal completed) found no delayed job to
   * promote (CommandQueue.wakeNow) and would wait with it; every waker moves the clock or clears
   * the group's deferral before it wakes, so one more look after parking catches it.
   */
  private async sleepDeferred(job: Job<PumpJob>, token: string | undefined, group: GroupRef, until: Date, now: Date): Promise<never> {
    await this.park(job, token, until, now);
    const deferredUntil = (await this.groups.load(group))?.queue.deferredUntil;
    // Not delayed any more: the waker promoted it in between.
    if (!deferredUntil || deferredUntil <= (await this.clock.now())) await job.promote().catch(() => undefined);
    throw new DelayedError();
  }

  /** Parks this group's pump until `until` (service time); other groups carry on. */
  private async sleep(job: Job<PumpJob>, token: string | undefined, until: Date, now: Date): Promise<never> {
    await this.park(job, token, until, now);
    throw new DelayedError();
  }

  private async park(job: Job<PumpJob>, token: string | undefined, until: Date, now: Date): Promise<void> {
    await job.moveToDelayed(Date.now() + Math.max(0, until.getTime() - now.getTime()), token);
  }

  /**
   * Counts a failed attempt on the command. After the last one the command fails with
   * INTERNAL_ERROR (the group moves on) and the job goes to the failed list.
   */
  private async onInfrastructureError(step: Step, record: CommandDocument, error: Error): Promise<void> {
    this.logger.error({ err: error }, 'command attempt failed');
    await this.commands.recordFailedAttempt(record._id, { code: 'INTERNAL_ERROR', message: error.message }).catch(() => undefined);
    const failures = record.attempts - record.deferrals.length + 1;
    if (failures < MAX_COMMAND_ATTEMPTS) return;
    const now = await this.clock.now();
    await this.refuse({ group: step.group, seq: step.seq, now }, record, { code: 'INTERNAL_ERROR', message: `failed after ${MAX_COMMAND_ATTEMPTS} attempts: ${error.message}` });
    await this.queue.wake(groupKey(step.group));
    throw new UnrecoverableError(`command ${record._id} failed after ${MAX_COMMAND_ATTEMPTS} attempts: ${error.message}`);
  }
}

/**
 * The commands of a run, read as the use case asks for them: a few at first, more at a time once
 * the run grows, so a run that stops early read little. The first one that cannot go ends the run.
 */
class RunSteps {
  readonly given: RunStep[] = [];
  private readonly records: (CommandDocument | null)[];
  private ended = false;

  constructor(
    private readonly ids: string[],
    head: CommandDocument,
    private readonly read: (id: string) => Promise<CommandDocument | null>,
    private readonly stepOf: (record: CommandDocument, index: number) => Promise<RunStep | undefined>,
  ) {
    this.records = [head];
  }

  async next(): Promise<RunStep | undefined> {
    const index = this.given.length;
    if (this.ended || index >= this.ids.length) return undefined;
    if (index >= this.records.length) {
      const more = this.ids.slice(this.records.length, this.records.length + Math.max(2, this.records.length));
      this.records.push(...(await Promise.all(more.map((id) => this.read(id)))));
    }
    const record = this.records[index];
    // A missing record or a duplicate in the queue is taken alone, the usual way.
    const found = record && record._id === this.ids[index] && this.ids.indexOf(record._id) === index ? await this.stepOf(record, index) : undefined;
    if (!found) {
      this.ended = true;
      return undefined;
    }
    this.given.push(found);
    return found;
  }
}

/** A random pause that grows with the conflicts met so far (full jitter), up to CONFLICT_PAUSE_MS. */
function conflictPause(conflicts: number): number {
  return Math.random() * Math.min(CONFLICT_PAUSE_MS, 5 * 2 ** conflicts);
}
