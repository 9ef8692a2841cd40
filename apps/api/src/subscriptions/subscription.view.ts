import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BILLING_FREQUENCIES, Policy, refundableQuantity, Subscription, TERM_DURATIONS } from '@app/domain';
import type { BillingFrequency, SubscriptionStatus, TermDuration } from '@app/domain';

export class LotView {
  @ApiProperty({ type: 'integer', minimum: 1 })
  quantity!: number;

  @ApiProperty({ description: 'Until when these licenses can be reduced (R-QTY-4)' })
  allowedUntil!: Date;
}

export class RefundableQuantityView {
  @ApiProperty({ type: 'integer', minimum: 0 })
  total!: number;

  @ApiProperty({ type: [LotView] })
  lots!: LotView[];

  @ApiPropertyOptional({ description: 'Why nothing can be reduced now' })
  message?: string;
}

export class ScheduledChangeView {
  @ApiProperty({ enum: ['renewal', 'conversion'] })
  kind!: 'renewal' | 'conversion';

  @ApiPropertyOptional()
  offerId?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100000 })
  quantity?: number;

  @ApiPropertyOptional({ enum: TERM_DURATIONS })
  termDuration?: TermDuration;

  @ApiPropertyOptional({ enum: BILLING_FREQUENCIES })
  billingFrequency?: BillingFrequency;

  @ApiPropertyOptional()
  cotermEndDate?: Date;

  @ApiPropertyOptional()
  targetSubscriptionId?: string;

  @ApiProperty()
  requestedAt!: Date;

  @ApiProperty()
  commandId!: string;
}

export class RedundantLicensesView {
  @ApiProperty({ description: 'Last moment to cancel the redundant lower licenses (R-UPG-9)' })
  deadline!: Date;

  @ApiProperty()
  higherSubscriptionId!: string;

  @ApiProperty()
  higherOfferId!: string;
}

/** A subscription (api.md, "Subscriptions"); reads answer `ETag: "<version>"`. */
export class SubscriptionView {
  @ApiProperty() id!: string;
  @ApiProperty() customerId!: string;
  @ApiProperty() partnerId!: string;
  @ApiProperty() offerId!: string;
  @ApiProperty() offerName!: string;
  @ApiProperty({ maxLength: 256 }) friendlyName!: string;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100000 }) quantity!: number;
  @ApiProperty({ enum: ['active', 'suspended', 'cancelled', 'expired'] }) status!: SubscriptionStatus;
  @ApiProperty() isTrial!: boolean;
  @ApiPropertyOptional({ description: 'Midnight UTC of the day the trial ends' }) trialEndDate?: Date;
  @ApiProperty() autoRenewEnabled!: boolean;
  @ApiProperty({ enum: TERM_DURATIONS }) termDuration!: TermDuration;
  @ApiProperty({ enum: BILLING_FREQUENCIES }) billingFrequency!: BillingFrequency;
  @ApiProperty() termStartDate!: Date;
  @ApiProperty({ description: 'Midnight UTC of the day the term ends' }) termEndDate!: Date;
  @ApiProperty() renewalInProgress!: boolean;
  @ApiProperty({ type: RefundableQuantityView }) refundableQuantity!: RefundableQuantityView;
  @ApiProperty({ type: ScheduledChangeView, nullable: true }) scheduledChange!: ScheduledChangeView | null;
  @ApiPropertyOptional() baseSubscriptionId?: string;
  @ApiProperty({ type: [String] }) addOnSubscriptionIds!: string[];
  @ApiPropertyOptional() resellerId?: string;
  @ApiPropertyOptional({ type: [String] }) additionalResellerIds?: string[];
  @ApiPropertyOptional() promotionId?: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) updateCount!: number;
  @ApiPropertyOptional({ format: 'uri' }) setupUrl?: string;
  @ApiPropertyOptional({ type: RedundantLicensesView }) redundantLicenses?: RedundantLicensesView;
  @ApiPropertyOptional({ enum: BILLING_FREQUENCIES, description: 'Takes effect at the next cycle charge (R-REN-5)' }) pendingBillingFrequency?: BillingFrequency;
  @ApiPropertyOptional() cancellableUntil?: Date;
  @ApiProperty() purchasedAt!: Date;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Send it back as `If-Match: "<version>"` (R-CON-1)' }) version!: number;
}

/** A subscription as api.md shows it, with its reducible licenses at `now` (R-QTY-4). */
export function subscriptionView(subscription: Subscription, now: Date, policy: Policy): SubscriptionView {
  const refundable = refundableQuantity(subscription, now, policy);
  return {
    id: subscription.id,
    customerId: subscription.customerId,
    partnerId: subscription.partnerId,
    offerId: subscription.offerId,
    offerName: subscription.offerName,
    friendlyName: subscription.friendlyName,
    quantity: subscription.quantity,
    status: subscription.status,
    isTrial: subscription.isTrial,
    ...(subscription.trialEndDate ? { trialEndDate: subscription.trialEndDate } : {}),
    autoRenewEnabled: subscription.autoRenewEnabled,
    termDuration: subscription.termDuration,
    billingFrequency: subscription.billingFrequency,
    termStartDate: subscription.termStartDate,
    termEndDate: subscription.termEndDate,
    renewalInProgress: subscription.renewalInProgress,
    refundableQuantity: refundable,
    scheduledChange: subscription.scheduledChange ?? null,
    ...(subscription.baseSubscriptionId ? { baseSubscriptionId: subscription.baseSubscriptionId } : {}),
    addOnSubscriptionIds: subscription.addOnSubscriptionIds,
    ...(subscription.resellerId ? { resellerId: subscription.resellerId } : {}),
    ...(subscription.additionalResellerIds?.length ? { additionalResellerIds: subscription.additionalResellerIds } : {}),
    ...(subscription.promotionId ? { promotionId: subscription.promotionId } : {}),
    updateCount: subscription.updateCount,
    ...(subscription.setupUrl ? { setupUrl: subscription.setupUrl } : {}),
    ...(subscription.redundantLicenses ? { redundantLicenses: subscription.redundantLicenses } : {}),
    ...(subscription.pendingBillingFrequency ? { pendingBillingFrequency: subscription.pendingBillingFrequency } : {}),
    ...(subscription.cancellableUntil ? { cancellableUntil: subscription.cancellableUntil } : {}),
    purchasedAt: subscription.purchasedAt,
    version: subscription.version,
  };
}
