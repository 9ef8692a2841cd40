import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FEED_EVENT_TYPES } from '@app/domain';
import { DELIVERY_STATUSES, WebhookDeliveryDocument, WebhookDocument } from '@app/persistence';

/** A webhook as GET shows it: never its secret (api.md: shown only when created or rotated). */
export class WebhookView {
  @ApiProperty() id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ enum: FEED_EVENT_TYPES, isArray: true }) types!: string[];
  @ApiPropertyOptional() description?: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Until then deliveries carry the previous secret\'s signature too' })
  previousSecretRetiresAt?: Date;
}

export class CreatedWebhookView extends WebhookView {
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'The signing secret, shown only now' })
  secret!: string;
}

export class WebhookSecretView {
  @ApiProperty({ description: 'The new signing secret, shown only now; the previous one signs too for 24 hours' })
  secret!: string;
}

export class DeliveryAttemptView {
  @ApiProperty({ type: String, format: 'date-time' }) at!: Date;
  @ApiProperty({ type: 'integer', nullable: true }) statusCode!: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'timed out after 10000 ms' }) error!: string | null;
  @ApiProperty({ type: 'integer' }) durationMs!: number;
}

export class WebhookDeliveryView {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'The event delivered (the `webhook-id` header)' }) eventId!: string;
  @ApiProperty({ enum: FEED_EVENT_TYPES }) eventType!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: string;
  @ApiProperty({ type: [DeliveryAttemptView] }) attempts!: DeliveryAttemptView[];
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) nextAttemptAt?: Date;
}

export function webhookView(doc: WebhookDocument, now: Date): WebhookView {
  const previous = doc.secrets[1];
  return {
    id: doc._id,
    url: doc.url,
    types: doc.types,
    ...(doc.description ? { description: doc.description } : {}),
    createdAt: doc.createdAt,
    ...(previous?.retiresAt && previous.retiresAt > now ? { previousSecretRetiresAt: previous.retiresAt } : {}),
  };
}

export function deliveryView(doc: WebhookDeliveryDocument): WebhookDeliveryView {
  return {
    id: doc._id,
    eventId: doc.eventId,
    eventType: doc.eventType,
    status: doc.status,
    attempts: doc.attempts.map(({ at, statusCode, error, durationMs }) => ({ at, statusCode, error, durationMs })),
    createdAt: doc.createdAt,
    ...(doc.nextAttemptAt ? { nextAttemptAt: doc.nextAttemptAt } : {}),
  };
}
