import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BILLING_FREQUENCIES, SEGMENTS, TERM_DURATIONS } from '@app/domain';
import type { BillingFrequency, BillingType, Offer, OfferCategory, Publisher, Segment, TermDuration } from '@app/domain';
import { MoneyView } from '../common/views';

export class OfferTermView {
  @ApiProperty({ enum: TERM_DURATIONS }) termDuration!: TermDuration;
  @ApiProperty({ enum: BILLING_FREQUENCIES }) billingFrequency!: BillingFrequency;
  @ApiProperty({ type: MoneyView, description: 'Per license per billing cycle' }) unitPrice!: MoneyView;
}

export class OfferTrialView {
  @ApiProperty() offerId!: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) quantity!: number;
  @ApiProperty({ example: 'P1M' }) duration!: string;
}

export class OfferAvailabilityView {
  @ApiProperty() purchasable!: boolean;
  @ApiPropertyOptional({ example: 'NOT_TRANSACTABLE', description: 'Why the customer cannot buy it (R-CAT-3)' }) reason?: string;
}

/** An offer of the catalog as api.md shows it: no internal flags, no other partner's names. */
export class OfferView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['microsoft', 'partner'] }) publisher!: Publisher;
  @ApiProperty({ enum: ['license', 'usage'] }) billingType!: BillingType;
  @ApiProperty({ enum: ['enterprise', 'small-business', 'trial'] }) category!: OfferCategory;
  @ApiProperty({ enum: SEGMENTS, isArray: true }) segments!: Segment[];
  @ApiProperty() isAddOn!: boolean;
  @ApiProperty({ type: [String] }) baseOfferIds!: string[];
  @ApiProperty() onePerCustomer!: boolean;
  @ApiProperty({ type: 'integer', minimum: 1 }) minQuantity!: number;
  @ApiProperty({ type: 'integer', minimum: 1 }) maxQuantity!: number;
  @ApiProperty({ type: [OfferTermView] }) terms!: OfferTermView[];
  @ApiProperty({ type: [String] }) upgradePaths!: string[];
  @ApiPropertyOptional({ type: OfferTrialView }) trial?: OfferTrialView;
  @ApiPropertyOptional({ type: OfferAvailabilityView, description: 'Present when `customerId` is given (R-CAT-3)' }) availability?: OfferAvailabilityView;
}

export function offerView(offer: Offer, availability?: { purchasable: boolean; reason?: string }): OfferView {
  return {
    id: offer.id,
    name: offer.name,
    publisher: offer.publisher,
    billingType: offer.billingType,
    category: offer.category,
    segments: offer.segments,
    isAddOn: offer.isAddOn,
    baseOfferIds: offer.baseOfferIds,
    onePerCustomer: offer.onePerCustomer,
    minQuantity: offer.minQuantity,
    maxQuantity: offer.maxQuantity,
    terms: offer.terms.map(({ termDuration, billingFrequency, unitPrice }) => ({ termDuration, billingFrequency, unitPrice: { amount: unitPrice.amount, currency: unitPrice.currency } })),
    upgradePaths: offer.upgradePaths,
    ...(offer.trial ? { trial: { offerId: offer.trial.offerId, quantity: offer.trial.quantity, duration: offer.trial.duration } } : {}),
    ...(availability ? { availability: availability.reason ? { purchasable: availability.purchasable, reason: availability.reason } : { purchasable: availability.purchasable } } : {}),
  };
}
