import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FEED_EVENT_TYPES } from '@app/domain';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

export class CreateWebhookDto {
  @ApiProperty({ maxLength: 2048, example: 'https://hooks.example.com/subscriptions', description: '`https:` only, to a public address' })
  @IsString()
  @MaxLength(2048)
  url!: string;

  @ApiProperty({ enum: FEED_EVENT_TYPES, isArray: true, description: 'The event types to deliver' })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(FEED_EVENT_TYPES.length)
  @IsIn(FEED_EVENT_TYPES, { each: true, message: `each of types must be one of ${FEED_EVENT_TYPES.join(', ')}` })
  types!: string[];

  @ApiPropertyOptional({ maxLength: 256 })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  description?: string;
}
