import { ApiPropertyOptional } from '@nestjs/swagger';
import { BILLING_FREQUENCIES, BillingFrequency } from '@app/domain';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { LICENSE_QUANTITY, oneOf, OptionalField } from '../common/field.decorators';

/** PATCH: at least one field; applied all-or-nothing. */
export class UpdateSubscriptionDto {
  @OptionalField(LICENSE_QUANTITY)
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

  @OptionalField(oneOf(BILLING_FREQUENCIES), { description: 'Takes effect at the next cycle charge (R-REN-5)' })
  billingFrequency?: BillingFrequency;
}
