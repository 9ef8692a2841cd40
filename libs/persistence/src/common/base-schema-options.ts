/** Our documents: string ids we make, no mongoose __v (we keep our own `version`), no virtual id. */
export const baseSchemaOptions = {
  _id: false,
  versionKey: false,
  id: false,
  minimize: false,
  strict: 'throw',
  strictQuery: true,
  autoIndex: true,
} as const;
