import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ID_PATTERN } from '../../common/id.pipe';

/** `POST …/conversions` of a trial (R-TRI-2/4/6); every field optional: by default the paid offer, 25 licenses, P1Y monthly, now. */
export class ConvertTrialDto {
  @ApiPropertyOptional({ example: 'microsoft-365-e3', description: 'The trial\'s paid offer (default) or one of its upgrade paths' })
  @IsOptional()
  @Matches(ID_PATTERN)
  targetOfferId?: string;

  @ApiPropertyOptional({ description: 'An existing subscription of the paid offer that receives the trial\'s 25 licenses (R-TRI-4)' })
  @IsOptional()
  @Matches(ID_PATTERN)
  targetSubscriptionId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100000, description: 'At least 25 mid-trial; fewer only at trial end (R-TRI-6)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  quantity?: number;

  @ApiPropertyOptional({ enum: ['P1M', 'P1Y', 'P3Y'], default: 'P1Y', description: 'Of a new paid subscription (R-TRI-2)' })
  @IsOptional()
  @IsIn(['P1M', 'P1Y', 'P3Y'])
  termDuration?: 'P1M' | 'P1Y' | 'P3Y';

  @ApiPropertyOptional({ enum: ['monthly', 'annual', 'triennial'], default: 'monthly', description: 'Of a new paid subscription (R-TRI-2)' })
  @IsOptional()
  @IsIn(['monthly', 'annual', 'triennial'])
  billingFrequency?: 'monthly' | 'annual' | 'triennial';

  @ApiPropertyOptional({ enum: ['now', 'trial-end'], default: 'now', description: 'Convert now, or at the trial\'s end as its scheduled change (R-TRI-6)' })
  @IsOptional()
  @IsIn(['now', 'trial-end'])
  schedule?: 'now' | 'trial-end';
}
