import { documentModel } from '../common/document-schema';
import { embedded, required } from '../common/schema-fields';

/** A charge or refund line (api.md: `GET …/charges`); `_id` is `<commandId>:<n>`, so writing it twice is harmless. */
export interface ChargeDocument {
  _id: string;
  commandId: string;
  subscriptionId: string;
  customerId: string;
  partnerId: string;
  at: Date;
  type: string;
  quantity: number;
  periodStart: Date;
  periodEnd: Date;
  amount: { amount: number; currency: string };
}

export const chargeModel = documentModel<ChargeDocument>('Charge', 'charges', {
  commandId: required(String),
  subscriptionId: { ...required(String), index: true },
  customerId: required(String),
  partnerId: required(String),
  at: required(Date),
  type: required(String),
  quantity: required(Number),
  periodStart: required(Date),
  periodEnd: required(Date),
  amount: required(embedded({ amount: Number, currency: String })),
});
export const CHARGE_MODEL = chargeModel.name;
