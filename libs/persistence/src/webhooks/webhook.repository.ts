import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { insertOnce } from '../common/insert-once';
import { Page, pageOf } from '../common/page';
import { raw } from '../common/raw-collection';
import { DeliveryAttempt, WEBHOOK_DELIVERY_MODEL, WebhookDeliveryDocument } from './webhook-delivery.schema';
import { WEBHOOK_MODEL, WebhookDocument } from './webhook.schema';

/** How long the secret replaced by a rotation keeps signing (api.md). */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

/** Webhook subscriptions and their deliveries. */
@Injectable()
export class WebhookRepository {
  constructor(
    @InjectModel(WEBHOOK_MODEL) private readonly webhooks: Model<WebhookDocument>,
    @InjectModel(WEBHOOK_DELIVERY_MODEL) private readonly deliveries: Model<WebhookDeliveryDocument>,
  ) {}

  async create(webhook: WebhookDocument): Promise<void> {
    await raw(this.webhooks).insertOne(webhook);
  }

  /** A webhook of a partner; null unless it belongs to that partner. */
  async ofPartner(partnerId: string, id: string): Promise<WebhookDocument | null> {
    const doc = await this.webhooks.findById(id).lean<WebhookDocument>().exec();
    return doc && doc.partnerId === partnerId ? doc : null;
  }

  get(id: string): Promise<WebhookDocument | null> {
    return this.webhooks.findById(id).lean<WebhookDocument>().exec();
  }

  async list(partnerId: string, limit: number, cursor?: string): Promise<Page<WebhookDocument>> {
    const docs = await this.webhooks
      .find({ partnerId, ...(cursor ? { _id: { $gt: cursor } } : {}) })
      .sort({ _id: 1 })
      .limit(limit + 1)
      .lean<WebhookDocument[]>()
      .exec();
    return pageOf(docs, limit, (doc) => doc._id);
  }

  /** Every webhook (the dispatcher gives each the events it has not been given yet). */
  all(): Promise<WebhookDocument[]> {
    return this.webhooks.find({}).lean<WebhookDocument[]>().exec();
  }

  async delete(partnerId: string, id: string): Promise<boolean> {
    return (await raw(this.webhooks).deleteOne({ _id: id, partnerId })).deletedCount === 1;
  }

  /** A new secret signs from now on; the one in use keeps signing for 24 hours; older ones are dropped. */
  async rotate(partnerId: string, id: string, secret: string, now: Date): Promise<boolean> {
    const doc = await this.ofPartner(partnerId, id);
    if (!doc) return false;
    const current = doc.secrets[0];
    const secrets = [{ secret, createdAt: now, retiresAt: null }, { ...current, retiresAt: new Date(now.getTime() + ROTATION_OVERLAP_MS) }];
    const result = await raw(this.webhooks).updateOne({ _id: id, 'secrets.0.secret': current.secret }, { $set: { secrets } });
    if (result.modifiedCount === 1) return true;
    return this.rotate(partnerId, id, secret, now);
  }

  /** Moves a webhook's place in the feed on, unless another dispatcher did. */
  async advanceCursor(id: string, from: number, to: number): Promise<void> {
    await raw(this.webhooks).updateOne({ _id: id, cursor: from }, { $set: { cursor: to } });
  }

  async createDeliveries(deliveries: WebhookDeliveryDocument[]): Promise<void> {
    await insertOnce(this.deliveries, deliveries);
  }

  delivery(id: string): Promise<WebhookDeliveryDocument | null> {
    return this.deliveries.findById(id).lean<WebhookDeliveryDocument>().exec();
  }

  /** Deliveries not finished yet (the requeuer makes sure each still has a job). */
  pendingDeliveries(limit: number): Promise<WebhookDeliveryDocument[]> {
    return this.deliveries.find({ status: 'pending' }).limit(limit).lean<WebhookDeliveryDocument[]>().exec();
  }

  /** A pending delivery that has no attempt left: it failed. */
  async giveUp(id: string): Promise<void> {
    await raw(this.deliveries).updateOne({ _id: id, status: 'pending' }, { $set: { status: 'failed', nextAttemptAt: null } });
  }

  async recordAttempt(id: string, attempt: DeliveryAttempt, status: WebhookDeliveryDocument['status'], nextAttemptAt: Date | null): Promise<void> {
    await raw(this.deliveries).updateOne({ _id: id }, { $push: { attempts: attempt }, $set: { status, nextAttemptAt } });
  }

  /** A webhook's deliveries, newest event first. */
  async deliveriesOf(webhookId: string, limit: number, cursor?: string): Promise<Page<WebhookDeliveryDocument>> {
    const docs = await this.deliveries
      .find({ webhookId, ...(cursor ? { _id: { $lt: cursor } } : {}) })
      .sort({ _id: -1 })
      .limit(limit + 1)
      .lean<WebhookDeliveryDocument[]>()
      .exec();
    return pageOf(docs, limit, (doc) => doc._id);
  }
}
