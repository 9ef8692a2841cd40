import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ID_PATTERN } from '../common/id.pipe';

export class OrderLineDto {
  @ApiProperty({ example: 'microsoft-365-business-premium' })
  @Matches(ID_PATTERN)
  offerId!: string;

  @ApiProperty({ minimum: 1, maximum: 100000 })
  @IsInt()
  @Min(1)
  @Max(100_000)
  quantity!: number;

  @ApiProperty({ enum: ['P1M', 'P1Y', 'P3Y'] })
  @IsIn(['P1M', 'P1Y', 'P3Y'])
  termDuration!: 'P1M' | 'P1Y' | 'P3Y';

  @ApiProperty({ enum: ['monthly', 'annual', 'triennial'] })
  @IsIn(['monthly', 'annual', 'triennial'])
  billingFrequency!: 'monthly' | 'annual' | 'triennial';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(256)
  @Matches(/^[^$]*$/, { message: 'promotionId must not contain $' })
  promotionId?: string;

  @ApiPropertyOptional({ description: 'Makes an add-on coterminous with this base subscription (R-ADD-3)' })
  @IsOptional()
  @Matches(ID_PATTERN)
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

  @ApiPropertyOptional({ description: 'The indirect reseller the subscriptions are associated with (R-PT-2)' })
  @IsOptional()
  @Matches(ID_PATTERN)
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
