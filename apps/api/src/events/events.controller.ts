import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags, PickType } from '@nestjs/swagger';
import { FEED_EVENT_TYPES, Principal } from '@app/domain';
import { eventPayload, EventLog } from '@app/persistence';
import { Transform } from 'class-transformer';
import { ArrayNotEmpty, IsIn, IsOptional, Matches } from 'class-validator';
import { ApiError } from '../common/api-error';
import { ID_PATTERN } from '../common/id.pipe';
import { PageQueryDto } from '../common/page-query.dto';
import { Permit } from '../auth/permit.decorator';
import { CurrentPrincipal, partnerOf } from '../auth/principal.decorator';
import { CustomerAccess } from '../customers/customer-access';
import { ApiOk } from '../openapi/responses';
import { EventPageView } from './event.view';

/** The feed reads on from an event id, not a cursor; `limit` as every list's. */
export class EventFeedQueryDto extends PickType(PageQueryDto, ['limit']) {
  @ApiPropertyOptional({ description: 'The id of the last event seen (or the `next` of the previous page)' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'after must be an event id' })
  after?: string;

  @ApiPropertyOptional({ description: 'Comma-separated event types', example: 'subscription.renewed,command.failed' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((type) => type.trim()) : value))
  @ArrayNotEmpty()
  @IsIn(FEED_EVENT_TYPES, { each: true, message: `each of types must be one of ${FEED_EVENT_TYPES.join(', ')}` })
  types?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID_PATTERN)
  customerId?: string;
}

@ApiTags('events')
@Controller('v1/events')
export class EventsController {
  constructor(
    private readonly events: EventLog,
    private readonly customers: CustomerAccess,
  ) {}

  @Get()
  @Permit('events:read')
  @ApiOperation({ operationId: 'listEvents', summary: "The partner's events, oldest first; follow it with `after` = the last id seen (never a gap nor a duplicate)" })
  @ApiOk(EventPageView)
  async feed(@CurrentPrincipal() principal: Principal, @Query() query: EventFeedQueryDto): Promise<EventPageView> {
    const partnerId = partnerOf(principal);
    if (query.customerId) await this.customers.visibleCustomer(principal, query.customerId);
    const afterSeq = query.after ? await this.placeOf(partnerId, query.after) : 0;
    const items = await this.events.page(partnerId, { afterSeq, types: query.types, customerId: query.customerId, limit: query.limit ?? 50 });
    return { items: items.map(eventPayload), next: items.at(-1)?._id ?? query.after ?? null };
  }

  private async placeOf(partnerId: string, eventId: string): Promise<number> {
    const event = await this.events.get(eventId);
    if (!event || event.partnerId !== partnerId) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid.', [{ field: 'after', message: `${eventId} is not an event of your feed` }]);
    }
    return event.seq;
  }
}
