import { ApiError } from '../common/api-error';
import { PageQueryDto } from '../common/page-query.dto';

/**
 * `limit`/`cursor` (api.md) over a list read whole and kept in a fixed order (a subscription's
 * history or charges, which only grow at the end): the cursor is the position to go on from.
 */
export function pageOfList<T>(items: readonly T[], query: PageQueryDto): { items: T[]; next: string | null } {
  const limit = query.limit ?? 50;
  const from = query.cursor === undefined ? 0 : Number(query.cursor);
  if (!Number.isSafeInteger(from) || from < 0) {
    throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid.', [{ field: 'cursor', message: 'cursor must be the `next` value of a previous page' }]);
  }
  const page = items.slice(from, from + limit);
  return { items: page, next: from + limit < items.length ? String(from + limit) : null };
}
