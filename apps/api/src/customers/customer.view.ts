import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SEGMENTS } from '@app/domain';
import type { Segment } from '@app/domain';
import { CustomerRecord } from '@app/persistence';

export class LicensesHeldElsewhereView {
  @ApiProperty() offerId!: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 100000 }) quantity!: number;
}

/** A customer of the calling partner (api.md, "Customers"). */
export class CustomerView {
  @ApiProperty() id!: string;
  @ApiProperty() partnerId!: string;
  @ApiProperty({ maxLength: 256 }) name!: string;
  @ApiProperty({ pattern: '^[A-Z]{2}$', example: 'NL' }) country!: string;
  @ApiProperty({ enum: SEGMENTS }) segment!: Segment;
  @ApiPropertyOptional({ format: 'email', maxLength: 256 }) email?: string;
  @ApiProperty({ type: [LicensesHeldElsewhereView], description: 'Base licenses held through other partners; customer-wide add-on limits count them (R-ADD-CP)' })
  licensesHeldElsewhere!: LicensesHeldElsewhereView[];
  @ApiProperty() createdAt!: Date;
}

export function customerView({ customer, createdAt }: CustomerRecord): CustomerView {
  return {
    id: customer.id,
    partnerId: customer.partnerId,
    name: customer.name,
    country: customer.country,
    segment: customer.segment,
    ...(customer.email ? { email: customer.email } : {}),
    licensesHeldElsewhere: customer.licensesHeldElsewhere,
    createdAt,
  };
}
