import { Injectable, PipeTransform } from '@nestjs/common';
import { ApiError } from './api-error';

/** Ids in paths and queries: letters, digits, '-' and '_' only, so no operator or path trick gets through. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

@Injectable()
export class IdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid.', [{ field: 'id', message: 'must be an id of letters, digits, - and _' }]);
    }
    return value;
  }
}
