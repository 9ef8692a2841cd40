import { ApiProperty } from '@nestjs/swagger';
import type { ChargeType } from '@app/domain';
import { ChargeDocument } from '@app/persistence';
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

/** A charge line as api.md shows it. */
export function chargeView(charge: ChargeDocument): ChargeView {
  return {
    at: charge.at,
    type: charge.type as ChargeType,
    quantity: charge.quantity,
    periodStart: charge.periodStart,
    periodEnd: charge.periodEnd,
    amount: { amount: charge.amount.amount, currency: charge.amount.currency },
  };
}
