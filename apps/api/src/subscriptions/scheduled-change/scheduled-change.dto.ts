import { ApiPropertyOptional } from '@nestjs/swagger';
import { BILLING_FREQUENCIES, BillingFrequency, TERM_DURATIONS, TermDuration } from '@app/domain';
import { IsISO8601, IsOptional, Matches } from 'class-validator';
import { ID_FIELD, LICENSE_QUANTITY, oneOf, OptionalField } from '../../common/field.decorators';

/** A whole day: `2027-03-31`, or that day's midnight UTC as the API shows dates (`2027-03-31T00:00:00.000Z`). */
export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}(T00:00(:00(\.0{1,3})?)?Z)?$/;

/** `PUT …/scheduled-change` (R-SCH-1, R-TRI-6): the change applied at renewal; at least one field. */
export class PutScheduledChangeDto {
  @OptionalField(ID_FIELD, { example: 'microsoft-365-business-standard', description: 'A supported upgrade path of the current offer' })
  offerId?: string;

  @OptionalField(LICENSE_QUANTITY)
  quantity?: number;

  @OptionalField(oneOf(TERM_DURATIONS))
  termDuration?: TermDuration;

  @OptionalField(oneOf(BILLING_FREQUENCIES))
  billingFrequency?: BillingFrequency;

  @ApiPropertyOptional({ example: '2027-06-30', description: 'Coterminous end date of the next term, a whole day (midnight UTC)' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(DAY_PATTERN, { message: 'cotermEndDate must be a day (YYYY-MM-DD)' })
  cotermEndDate?: string;

  @OptionalField(ID_FIELD, { description: 'Trials only: convert at trial end into this existing subscription of the paid offer (R-TRI-6)' })
  targetSubscriptionId?: string;
}
