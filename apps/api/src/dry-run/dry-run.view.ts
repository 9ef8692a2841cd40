import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CommandErrorView } from '../commands/command.view';
import { ChargeView } from '../subscriptions/charges/charge.view';

export class DryRunChargeView extends ChargeView {
  @ApiProperty() subscriptionId!: string;
}

export class WarningView {
  @ApiProperty({ example: 'ADDON_RATIO' }) code!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ type: [String] }) subscriptionIds?: string[];
}

/** `?dryRun=true` on a command endpoint: what the command would do now, with nothing changed (api.md). */
export class DryRunVerdictView {
  @ApiProperty({ enum: ['would-succeed', 'would-fail'] }) verdict!: 'would-succeed' | 'would-fail';
  @ApiPropertyOptional({ type: CommandErrorView }) error?: CommandErrorView;
  @ApiProperty({ type: [DryRunChargeView] }) charges!: DryRunChargeView[];
  @ApiProperty({ type: [String], example: ['deletes the scheduled change'] }) effects!: string[];
  @ApiPropertyOptional({ type: [WarningView] }) warnings?: WarningView[];
}
