import { Injectable, PipeTransform } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import { ApiError } from './api-error';

/** The OpenAPI body of an endpoint read through `EmptyBodyPipe`. */
export const ApiEmptyBody = () => ApiBody({ required: false, description: 'None, or an empty JSON object', schema: { type: 'object', additionalProperties: false } });

/** A command that takes no input: no body, or `{}`; any field is refused like an unknown DTO field. */
@Injectable()
export class EmptyBodyPipe implements PipeTransform<unknown, Record<string, never>> {
  transform(value: unknown): Record<string, never> {
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid.', [{ field: 'body', message: 'must be empty or an empty JSON object' }]);
    }
    const fields = Object.keys(value);
    if (fields.length > 0) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid.', fields.map((field) => ({ field, message: `property ${field} should not exist` })));
    }
    return {};
  }
}
