import { ApiProperty } from '@nestjs/swagger';
import type { ChargeType } from '@app/domain';
import { MoneyView } from '../../common/views';

export const CHARGE_TYPES: ChargeType[] = ['purchase', 'add-quantity', 'remove-quantity', 'cycle', 'renewal', 'cancel-refund', 'upgrade', 'conversion', 'credit'];

/** A charge or refund line; `periodEnd` is exclusive (R-QTY-3). */
export class ChargeView {
  @ApiProperty() at!: Date;
  @ApiProperty({ enum: CHARGE_TYPES }) type!: ChargeType;
  @ApiProperty({ type: 'integer' }) quantity!: number;
  @ApiProperty() periodStart!: Date;
  @ApiProperty({ description: 'Exclusive' }) periodEnd!: Date;
  @ApiProperty({ type: MoneyView, description: 'Negative for refunds and credits' }) amount!: MoneyView;
}
