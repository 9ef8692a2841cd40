import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { CoalescingWriter } from '../common/coalescing-writer';
import { insertOnce, insertReportingExisting } from '../common/insert-once';
import { Page, pageOf } from '../common/page';
import { raw } from '../common/raw-collection';
import { COMMAND_MODEL, CommandDocument, CommandError, CommandPlan, CommandStatus, FINAL_STATUSES, StoredCommand } from './command.schema';

/** What intake writes: the typed command and who, where and when it was accepted. */
export type NewCommand = Omit<
  CommandDocument,
  'type' | 'payload' | 'status' | 'seq' | 'startedAt' | 'finishedAt' | 'attempts' | 'nextAttemptAt' | 'deferredReason' | 'deferrals' | 'result' | 'error' | 'plan'
> &
  StoredCommand;

export interface CommandFilter {
  partnerId?: string;
  status?: CommandStatus;
  customerId?: string;
  subscriptionId?: string;
  batchId?: string;
}

export interface Finish {
  seq: number;
  status: 'succeeded' | 'failed';
  result?: Record<string, unknown> | null;
  error?: CommandError | null;
  at: Date;
  /** When a worker first took the command up (a deferred one: its first attempt); defaults to `at`. */
  startedAt?: Date | null;
}

/** A finish whose every field is fixed by the command's stored outcome (see finishMany). */
export type FixedFinish = Finish & { id: string; attempts: number };

/**
 * Update statements sent in one round trip at the most. FerretDB (SQLite) keeps each statement's
 * read open until the whole command has been answered, from a pool of 100 connections: an update of
 * 100 statements waits for ever for a connection, and holds every write to its database with it
 * (seen in bench:intake at 200 requests/s: a backlog's finishes coalesced into one bulkWrite). MongoDB takes any number.
 */
const UPDATES_PER_WRITE = 25;

@Injectable()
export class CommandRepository {
  /** Records accepted at once in a process (concurrent requests, an instant's time-driven work) share one insert. */
  private readonly inserts = new CoalescingWriter<CommandDocument, Set<string>>((records) => insertReportingExisting(this.model, records));
  /** Records finished at once in a process (concurrent pumps) share one write. */
  private readonly finishes = new CoalescingWriter<FixedFinish>((finishes) => this.writeFinishes(finishes));

  constructor(@InjectModel(COMMAND_MODEL) private readonly model: Model<CommandDocument>) {}

  /** Inserts the record; when its id or idempotency key is taken, answers the record that holds it. */
  async insert(command: NewCommand): Promise<{ created: boolean; record: CommandDocument }> {
    const record = newRecord(command);
    const existing = await this.inserts.add([record]);
    if (!existing?.has(record._id)) return { created: true, record };
    const holder = await this.findByIdempotencyKey(command.idempotencyKey);
    if (!holder) throw new Error(`command ${record._id}: its id is taken by a record of another idempotency key`);
    return { created: false, record: holder };
  }

  /** Many records in one round trip (a batch's rows); records whose id exists already are left as they are. */
  insertMany(commands: NewCommand[]): Promise<void> {
    return insertOnce(this.model, commands.map(newRecord));
  }

  get(id: string): Promise<CommandDocument | null> {
    return this.model.findById(id).lean<CommandDocument>().exec();
  }

  /** The records of these ids that exist, in the order given; read by `_id` one by one (an `$in` scans the collection on FerretDB). */
  async getMany(ids: string[]): Promise<CommandDocument[]> {
    const docs = await Promise.all(ids.map((id) => this.get(id)));
    return docs.filter((doc): doc is CommandDocument => doc !== null);
  }

  findByIdempotencyKey(key: string): Promise<CommandDocument | null> {
    return this.model.findOne({ idempotencyKey: key }).lean<CommandDocument>().exec();
  }

  /** Newest first, by id (UUID v7 sorts by time); `cursor` is the last id of the previous page. */
  async list(filter: CommandFilter, limit: number, cursor?: string): Promise<Page<CommandDocument>> {
    const query: Record<string, unknown> = {};
    if (filter.partnerId) query.partnerId = filter.partnerId;
    if (filter.status) query.status = filter.status;
    if (filter.customerId) query.customerId = filter.customerId;
    if (filter.subscriptionId) query.subscriptionIds = filter.subscriptionId;
    if (filter.batchId) query.batchId = filter.batchId;
    if (cursor) query._id = { $lt: cursor };
    const docs = await this.model.find(query).sort({ _id: -1 }).limit(limit + 1).lean<CommandDocument[]>().exec();
    return pageOf(docs, limit, (doc) => doc._id);
  }

  /** Every command that concerns a subscription, oldest first (its history, R-AUD-1). */
  forSubscription(subscriptionId: string): Promise<CommandDocument[]> {
    return this.model.find({ subscriptionIds: subscriptionId }).sort({ _id: 1 }).lean<CommandDocument[]>().exec();
  }

  /** Saves a command's plan unless one is saved already; answers the plan in force. */
  async savePlan(id: string, plan: CommandPlan): Promise<CommandPlan> {
    const saved = await raw(this.model).findOneAndUpdate({ _id: id, plan: null }, { $set: { plan } }, { returnDocument: 'after' });
    return saved?.plan ?? (await this.get(id))?.plan ?? plan;
  }

  /** Forgets a plan none of whose writes was made, so the command is decided again. */
  async dropPlan(id: string): Promise<void> {
    await raw(this.model).updateOne({ _id: id }, { $set: { plan: null } });
  }

  /** Finishes a record once: a record already finished is left as it is. */
  async finish(id: string, finish: Finish): Promise<boolean> {
    const result = await this.model
      .updateOne(
        { _id: id, status: { $nin: FINAL_STATUSES } },
        {
          $set: finishedFields(finish),
          $inc: { attempts: 1 },
        },
      )
      .exec();
    return result.modifiedCount === 1;
  }

  /**
   * Finishes the records of a run of commands applied together, in one round trip. Each update is
   * by `_id` alone (FerretDB scans the collection for any other filter), so it sets every field to
   * a value fixed by the run's stored outcome: written again after a crash, it changes nothing. The
   * caller read each record unfinished after the run's write, and only that run decides its outcome.
   * Ordered: once the last is finished, all are. Finishes asked for at once in a process share the write.
   */
  async finishMany(finishes: FixedFinish[]): Promise<void> {
    await this.finishes.add(finishes);
  }

  /** In order, UPDATES_PER_WRITE at a time. */
  private async writeFinishes(finishes: FixedFinish[]): Promise<void> {
    for (let start = 0; start < finishes.length; start += UPDATES_PER_WRITE) {
      await raw(this.model).bulkWrite(
        finishes.slice(start, start + UPDATES_PER_WRITE).map((finish) => ({
          updateOne: {
            filter: { _id: finish.id },
            update: {
              $set: { ...finishedFields(finish), attempts: finish.attempts + 1 },
            },
          },
        })),
        { ordered: true },
      );
    }
  }

  /** The head of a group met a renewal in progress: it and the commands behind it wait. */
  async markDeferred(head: Pick<CommandDocument, '_id' | 'startedAt'>, waitingIds: string[], reason: string, at: Date, nextAttemptAt: Date): Promise<void> {
    await this.model
      .updateOne(
        { _id: head._id, status: { $nin: FINAL_STATUSES } },
        {
          $set: { status: 'deferred', deferredReason: reason, nextAttemptAt, startedAt: head.startedAt ?? at },
          $push: { deferrals: { at, nextAttemptAt, reason } },
          $inc: { attempts: 1 },
        },
      )
      .exec();
    await Promise.all(
      waitingIds.map((id) =>
        raw(this.model).updateOne({ _id: id, status: { $in: ['queued', 'deferred'] } }, { $set: { status: 'deferred', deferredReason: reason, nextAttemptAt } }),
      ),
    );
  }

  /** A command that joined a deferred group waits with it. */
  async markWaiting(id: string, reason: string, nextAttemptAt: Date): Promise<void> {
    await this.model.updateOne({ _id: id, status: 'queued' }, { $set: { status: 'deferred', deferredReason: reason, nextAttemptAt } }).exec();
  }

  /** The group moves again: commands that waited behind a deferred head are queued again. */
  async clearDeferral(ids: string[]): Promise<void> {
    // One update by `_id` each, in parallel: an `$in` filter scans the whole collection on FerretDB.
    await Promise.all(
      ids.map((id) => raw(this.model).updateOne({ _id: id, status: 'deferred' }, { $set: { status: 'queued', deferredReason: null, nextAttemptAt: null } })),
    );
  }

  /** An attempt failed on an infrastructure error; BullMQ will try again. */
  async recordFailedAttempt(id: string, error: CommandError): Promise<void> {
    await this.model.updateOne({ _id: id, status: { $nin: FINAL_STATUSES } }, { $inc: { attempts: 1 }, $set: { error } }).exec();
  }

  /** Unfinished records accepted before `before` (the reconciler's safety net for orphans). */
  unfinishedBefore(before: Date, limit: number): Promise<CommandDocument[]> {
    return this.model
      .find({ status: { $in: ['queued', 'running', 'deferred'] }, acceptedAt: { $lt: before } })
      .limit(limit)
      .lean<CommandDocument[]>()
      .exec();
  }

  /** Whether a command is queued or being applied (the sandbox clock waits for them at each step). */
  async anyInFlight(): Promise<boolean> {
    return (await this.model.exists({ status: { $in: ['queued', 'running'] } })) !== null;
  }

  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.model.aggregate<{ _id: string; count: number }>([{ $group: { _id: '$status', count: { $sum: 1 } } }]).exec();
    return Object.fromEntries(rows.map((row) => [row._id, row.count]));
  }

  async oldestUnfinishedAcceptedAt(): Promise<Date | null> {
    const doc = await this.model
      .findOne({ status: { $in: ['queued', 'deferred', 'running'] } })
      .sort({ acceptedAt: 1 })
      .lean<CommandDocument>()
      .exec();
    return doc?.acceptedAt ?? null;
  }
}

function newRecord(command: NewCommand): CommandDocument {
  return {
    ...command,
    status: 'queued',
    seq: null,
    startedAt: null,
    finishedAt: null,
    attempts: 0,
    nextAttemptAt: null,
    deferredReason: null,
    deferrals: [],
    result: null,
    error: null,
    plan: null,
  };
}

/** The fields a finished record has, whichever way it was finished. */
function finishedFields(finish: Finish) {
  return {
    status: finish.status,
    seq: finish.seq,
    result: finish.result ?? null,
    error: finish.error ?? null,
    startedAt: finish.startedAt ?? finish.at,
    finishedAt: finish.at,
    nextAttemptAt: null,
    deferredReason: null,
  };
}
