import { BILLING_FREQUENCIES, BillingFrequency, TERM_DURATIONS, TermDuration } from '@app/domain';
import { ID_FIELD, LICENSE_QUANTITY, oneOf, OptionalField } from '../../common/field.decorators';

/** `POST …/conversions` of a trial (R-TRI-2/4/6); every field optional: by default the paid offer, 25 licenses, P1Y monthly, now. */
export class ConvertTrialDto {
  @OptionalField(ID_FIELD, { example: 'microsoft-365-e3', description: 'The trial\'s paid offer (default) or one of its upgrade paths' })
  targetOfferId?: string;

  @OptionalField(ID_FIELD, { description: 'An existing subscription of the paid offer that receives the trial\'s 25 licenses (R-TRI-4)' })
  targetSubscriptionId?: string;

  @OptionalField(LICENSE_QUANTITY, { description: 'At least 25 mid-trial; fewer only at trial end (R-TRI-6)' })
  quantity?: number;

  @OptionalField(oneOf(TERM_DURATIONS), { default: 'P1Y', description: 'Of a new paid subscription (R-TRI-2)' })
  termDuration?: TermDuration;

  @OptionalField(oneOf(BILLING_FREQUENCIES), { default: 'monthly', description: 'Of a new paid subscription (R-TRI-2)' })
  billingFrequency?: BillingFrequency;

  @OptionalField(oneOf(['now', 'trial-end']), { default: 'now', description: 'Convert now, or at the trial\'s end as its scheduled change (R-TRI-6)' })
  schedule?: 'now' | 'trial-end';
}
