import type { PartnerType } from './values';

export interface Partner {
  id: string;
  name: string;
  type: PartnerType;
  country: string;
  mpaSigned: boolean;
  /** For an indirect reseller: the indirect provider it is linked to (R-PT-2). */
  providerId?: string;
}
