import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ExistingTargetView {
  @ApiProperty() subscriptionId!: string;
  @ApiProperty() eligible!: boolean;
  @ApiPropertyOptional({ example: 'TERM_MISMATCH' }) reason?: string;
}

/** A target offer of an upgrade, eligible or why not, and the customer's existing subscriptions of it (R-UPG-2, R-UPG-3). */
export class UpgradeEligibilityView {
  @ApiProperty() targetOfferId!: string;
  @ApiProperty() eligible!: boolean;
  @ApiPropertyOptional({ example: 'NOT_ACTIVE' }) reason?: string;
  @ApiProperty({ type: [ExistingTargetView] }) existingTargets!: ExistingTargetView[];
}
