import { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

/** Money: integer minor units; refunds and credits are negative (api.md). */
export class MoneyView {
  @ApiProperty({ type: 'integer', example: 3600 })
  amount!: number;

  @ApiProperty({ example: 'USD', pattern: '^[A-Z]{3}$' })
  currency!: string;
}

/** An error's `details` (always an array): a field's problem (`{ field, message }`) or a refusal's facts (`{ reason }`, …). */
export const ERROR_DETAILS_SCHEMA = {
  type: 'array' as const,
  items: {
    type: 'object' as const,
    additionalProperties: true,
    properties: {
      field: { type: 'string', example: 'lines[0].quantity' },
      message: { type: 'string' },
      reason: { type: 'string', example: 'NOT_TRANSACTABLE' },
    },
  },
};

/** Every error body (api.md, "Errors"); `details` is always an array. */
export class ErrorBody {
  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, example: 404 })
  statusCode!: number;

  @ApiProperty({ example: 'NOT_FOUND', description: 'An error code of docs/error-codes.md' })
  code!: string;

  @ApiProperty()
  message!: string;

  @ApiProperty(ERROR_DETAILS_SCHEMA)
  details!: Record<string, unknown>[];
}

export interface Page<T> {
  items: T[];
  next: string | null;
}

const pages = new Map<Type<unknown>, Type<Page<unknown>>>();

/** The `{ items, next }` page of a list (api.md) as an OpenAPI schema named `<Item>Page`. */
export function PageOf<T>(item: Type<T>): Type<Page<T>> {
  const known = pages.get(item);
  if (known) return known as Type<Page<T>>;
  class ItemPage {
    @ApiProperty({ type: [item] })
    items!: T[];

    @ApiProperty({ type: String, nullable: true, description: 'The cursor of the next page; null on the last one' })
    next!: string | null;
  }
  Object.defineProperty(ItemPage, 'name', { value: `${item.name.replace(/View$/, '')}Page` });
  pages.set(item, ItemPage);
  return ItemPage;
}

/** `{ items }` of a list answered whole (the catalog, a subscription's upgrade targets). */
export function ListOf<T>(item: Type<T>): Type<{ items: T[] }> {
  class ItemList {
    @ApiProperty({ type: [item] })
    items!: T[];
  }
  Object.defineProperty(ItemList, 'name', { value: `${item.name.replace(/View$/, '')}List` });
  return ItemList;
}
