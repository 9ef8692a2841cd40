import { PARTNER_TYPES, PartnerType } from '@app/domain';
import { documentModel } from '../common/document-schema';
import { nullable, oneOf, required } from '../common/schema-fields';

export interface PartnerDocument {
  _id: string;
  name: string;
  type: PartnerType;
  country: string;
  mpaSigned: boolean;
  providerId?: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const partnerModel = documentModel<PartnerDocument>('Partner', 'partners', {
  name: required(String),
  type: oneOf(PARTNER_TYPES),
  country: required(String),
  mpaSigned: required(Boolean),
  providerId: nullable(String),
  createdAt: required(Date),
  updatedAt: required(Date),
});
export const PARTNER_MODEL = partnerModel.name;
