import { BatchRow } from '@app/persistence';
import { ID_PATTERN } from '../common/id.pipe';

export const BATCH_COLUMNS = ['customerId', 'subscriptionId', 'quantity'] as const;

/** api.md's limits: a quantity from 1 to 100,000, a string of at most 256 characters. */
const MAX_QUANTITY = 100_000;
const MAX_TEXT = 256;

/**
 * One uploaded row, checked for shape only (the worker checks the subscription and the rules).
 * A bad row is kept with its error, so it fails on its own with its row number.
 */
export function batchRowOf(rowNumber: number, fields: Record<string, unknown>): BatchRow {
  const customerId = text(fields.customerId);
  const subscriptionId = text(fields.subscriptionId);
  const quantityText = fields.quantity === undefined || fields.quantity === null ? '' : text(fields.quantity);
  const row = { rowNumber, customerId, subscriptionId, quantityText, quantity: null };
  const error = shapeError(fields, customerId, subscriptionId, quantityText);
  if (error) return { ...row, error: { code: 'VALIDATION_FAILED', message: error } };
  return { ...row, quantity: Number(quantityText.trim()) };
}

/** A row that is not a row at all (a CSV record the parser could not read, a JSON row that is not an object). */
export function unreadableRow(rowNumber: number, message: string): BatchRow {
  return { rowNumber, customerId: '', subscriptionId: '', quantityText: '', quantity: null, error: { code: 'VALIDATION_FAILED', message } };
}

function shapeError(fields: Record<string, unknown>, customerId: string, subscriptionId: string, quantityText: string): string | undefined {
  const unknown = Object.keys(fields).filter((key) => !(BATCH_COLUMNS as readonly string[]).includes(key));
  if (unknown.length > 0) return `unknown fields: ${unknown.join(', ').slice(0, MAX_TEXT)}`;
  if (!ID_PATTERN.test(customerId)) return 'customerId must be an id of letters, digits, - and _';
  if (!ID_PATTERN.test(subscriptionId)) return 'subscriptionId must be an id of letters, digits, - and _';
  const quantity = quantityText.trim();
  if (typeof fields.quantity === 'number' ? !Number.isInteger(fields.quantity) : !/^[+-]?\d+$/.test(quantity)) return 'quantity is not a whole number';
  if (Number(quantity) < 1 || Number(quantity) > MAX_QUANTITY) return `quantity must be from 1 to ${MAX_QUANTITY.toLocaleString('en-US')}`;
  return undefined;
}

function text(value: unknown): string {
  const string = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : value === undefined || value === null ? '' : JSON.stringify(value);
  return string.slice(0, MAX_TEXT);
}
