import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ID_PATTERN } from '../../common/id.pipe';

/** `POST …/upgrades` (R-UPG-1..8): name the target offer, an existing target subscription, or both. */
export class UpgradeSubscriptionDto {
  @ApiPropertyOptional({ example: 'microsoft-365-business-standard', description: 'A higher offer listed in the upgrade paths (R-CAT-4)' })
  @IsOptional()
  @Matches(ID_PATTERN)
  targetOfferId?: string;

  @ApiPropertyOptional({ description: 'An existing subscription of the customer that receives the licenses (R-UPG-3)' })
  @IsOptional()
  @Matches(ID_PATTERN)
  targetSubscriptionId?: string;

  @ApiProperty({ minimum: 1, maximum: 100000, description: 'Licenses to move: all of them is a full upgrade (R-UPG-4), fewer a partial one (R-UPG-5)' })
  @IsInt()
  @Min(1)
  @Max(100_000)
  quantity!: number;

  @ApiPropertyOptional({ enum: ['P1M', 'P1Y', 'P3Y'], description: 'For a new target subscription; default the source\'s' })
  @IsOptional()
  @IsIn(['P1M', 'P1Y', 'P3Y'])
  termDuration?: 'P1M' | 'P1Y' | 'P3Y';

  @ApiPropertyOptional({ enum: ['monthly', 'annual', 'triennial'], description: 'For a new target subscription; default the source\'s' })
  @IsOptional()
  @IsIn(['monthly', 'annual', 'triennial'])
  billingFrequency?: 'monthly' | 'annual' | 'triennial';

  @ApiPropertyOptional({ enum: ['now', 'renewal'], default: 'now', description: 'Now (mid-term) or at the term end as a scheduled change (R-UPG-7)' })
  @IsOptional()
  @IsIn(['now', 'renewal'])
  schedule?: 'now' | 'renewal';
}
