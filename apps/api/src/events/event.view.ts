import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FEED_EVENT_TYPES } from '@app/domain';

/** An event as the feed and webhooks show it (api.md, "Events and webhooks"). */
export class EventView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: FEED_EVENT_TYPES }) type!: string;
  @ApiProperty({ type: String, format: 'date-time' }) occurredAt!: Date;
  @ApiProperty() partnerId!: string;
  @ApiProperty() customerId!: string;
  @ApiPropertyOptional() subscriptionId?: string;
  @ApiPropertyOptional() commandId?: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What changed, e.g. `{ from, to }` for a quantity change' })
  data!: Record<string, unknown>;
}

export class EventPageView {
  @ApiProperty({ type: [EventView] }) items!: EventView[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `after` to go on; stays where it is while nothing new came' })
  next!: string | null;
}
