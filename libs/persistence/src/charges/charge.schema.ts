import { Schema } from 'mongoose';
import { baseSchemaOptions } from '../common/base-schema-options';

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

export const CHARGE_MODEL = 'Charge';

export const chargeSchema = new Schema<ChargeDocument>(
  {
    _id: { type: String, required: true },
    commandId: { type: String, required: true },
    subscriptionId: { type: String, required: true, index: true },
    customerId: { type: String, required: true },
    partnerId: { type: String, required: true },
    at: { type: Date, required: true },
    type: { type: String, required: true },
    quantity: { type: Number, required: true },
    periodStart: { type: Date, required: true },
    periodEnd: { type: Date, required: true },
    amount: { type: new Schema({ amount: Number, currency: String }, { _id: false, versionKey: false }), required: true },
  },
  { ...baseSchemaOptions, collection: 'charges' },
);
