import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';
import { ID_PATTERN } from '../../common/id.pipe';

/** A whole day: `2027-03-31`, or that day's midnight UTC as the API shows dates (`2027-03-31T00:00:00.000Z`). */
export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}(T00:00(:00(\.0{1,3})?)?Z)?$/;

/** `PUT …/scheduled-change` (R-SCH-1, R-TRI-6): the change applied at renewal; at least one field. */
export class PutScheduledChangeDto {
  @ApiPropertyOptional({ example: 'microsoft-365-business-standard', description: 'A supported upgrade path of the current offer' })
  @IsOptional()
  @Matches(ID_PATTERN)
  offerId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  quantity?: number;

  @ApiPropertyOptional({ enum: ['P1M', 'P1Y', 'P3Y'] })
  @IsOptional()
  @IsIn(['P1M', 'P1Y', 'P3Y'])
  termDuration?: 'P1M' | 'P1Y' | 'P3Y';

  @ApiPropertyOptional({ enum: ['monthly', 'annual', 'triennial'] })
  @IsOptional()
  @IsIn(['monthly', 'annual', 'triennial'])
  billingFrequency?: 'monthly' | 'annual' | 'triennial';

  @ApiPropertyOptional({ example: '2027-06-30', description: 'Coterminous end date of the next term, a whole day (midnight UTC)' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(DAY_PATTERN, { message: 'cotermEndDate must be a day (YYYY-MM-DD)' })
  cotermEndDate?: string;

  @ApiPropertyOptional({ description: 'Trials only: convert at trial end into this existing subscription of the paid offer (R-TRI-6)' })
  @IsOptional()
  @Matches(ID_PATTERN)
  targetSubscriptionId?: string;
}
