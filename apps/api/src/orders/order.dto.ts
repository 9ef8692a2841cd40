import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BILLING_FREQUENCIES, BillingFrequency, TERM_DURATIONS, TermDuration } from '@app/domain';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { ID_PATTERN } from '../common/id.pipe';
import { ID_FIELD, LICENSE_QUANTITY, oneOf, OptionalField, RequiredField } from '../common/field.decorators';

export class OrderLineDto {
  @RequiredField(ID_FIELD, { example: 'microsoft-365-business-premium' })
  offerId!: string;

  @RequiredField(LICENSE_QUANTITY)
  quantity!: number;

  @RequiredField(oneOf(TERM_DURATIONS))
  termDuration!: TermDuration;

  @RequiredField(oneOf(BILLING_FREQUENCIES))
  billingFrequency!: BillingFrequency;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(256)
  @Matches(/^[^$]*$/, { message: 'promotionId must not contain $' })
  promotionId?: string;

  @OptionalField(ID_FIELD, { description: 'Makes an add-on coterminous with this base subscription (R-ADD-3)' })
  baseSubscriptionId?: string;
}

export class PlaceOrderDto {
  @ApiProperty({ type: [OrderLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  lines!: OrderLineDto[];

  @OptionalField(ID_FIELD, { description: 'The indirect reseller the subscriptions are associated with (R-PT-2)' })
  resellerId?: string;

  @ApiPropertyOptional({ type: [String], description: 'EU/EEA only, at most 5 (R-ORD-3)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(ID_PATTERN, { each: true })
  additionalResellerIds?: string[];

  @ApiPropertyOptional({ description: 'Must be true (R-ORD-2)' })
  @IsOptional()
  @IsBoolean()
  attestationAccepted?: boolean;
}
