import { BILLING_FREQUENCIES, BillingFrequency, TERM_DURATIONS, TermDuration } from '@app/domain';
import { ID_FIELD, LICENSE_QUANTITY, oneOf, OptionalField, RequiredField } from '../../common/field.decorators';

/** `POST …/upgrades` (R-UPG-1..8): name the target offer, an existing target subscription, or both. */
export class UpgradeSubscriptionDto {
  @OptionalField(ID_FIELD, { example: 'microsoft-365-business-standard', description: 'A higher offer listed in the upgrade paths (R-CAT-4)' })
  targetOfferId?: string;

  @OptionalField(ID_FIELD, { description: 'An existing subscription of the customer that receives the licenses (R-UPG-3)' })
  targetSubscriptionId?: string;

  @RequiredField(LICENSE_QUANTITY, { description: 'Licenses to move: all of them is a full upgrade (R-UPG-4), fewer a partial one (R-UPG-5)' })
  quantity!: number;

  @OptionalField(oneOf(TERM_DURATIONS), { description: 'For a new target subscription; default the source\'s' })
  termDuration?: TermDuration;

  @OptionalField(oneOf(BILLING_FREQUENCIES), { description: 'For a new target subscription; default the source\'s' })
  billingFrequency?: BillingFrequency;

  @OptionalField(oneOf(['now', 'renewal']), { default: 'now', description: 'Now (mid-term) or at the term end as a scheduled change (R-UPG-7)' })
  schedule?: 'now' | 'renewal';
}
