import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** PATCH: at least one field; applied all-or-nothing. */
export class UpdateSubscriptionDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  quantity?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  autoRenewEnabled?: boolean;

  @ApiPropertyOptional({ maxLength: 256 })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  friendlyName?: string;

  @ApiPropertyOptional({ enum: ['monthly', 'annual', 'triennial'], description: 'Takes effect at the next cycle charge (R-REN-5)' })
  @IsOptional()
  @IsIn(['monthly', 'annual', 'triennial'])
  billingFrequency?: 'monthly' | 'annual' | 'triennial';
}
