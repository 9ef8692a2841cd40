import { ArgumentMetadata, Injectable, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiError } from './api-error';

export interface FieldError {
  field: string;
  message: string;
}

/**
 * The one pipe every parameter goes through. Bodies and queries are first checked for what no
 * request of api.md takes (`null`, arrays of arrays), whatever their DTO, then validated by their
 * DTO: 400 VALIDATION_FAILED, one detail per field (`lines[0].quantity`); unknown fields refused.
 */
@Injectable()
export class RequestValidationPipe implements PipeTransform {
  private readonly dto = new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationFailed(flatten(errors)),
  });

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'body' || metadata.type === 'query') {
      const errors = shapeErrors(value, metadata.type === 'body' ? '' : (metadata.data ?? ''));
      if (errors.length > 0) throw validationFailed(errors);
    }
    return this.dto.transform(value, metadata);
  }
}

export function validationPipe(): RequestValidationPipe {
  return new RequestValidationPipe();
}

export const validationFailed = (details: FieldError[]) => new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid.', details);

/** api.md: `null` is not a value of any field; no field is a list of lists (nor could MongoDB-compatible storage keep one). */
export function shapeErrors(value: unknown, field: string, insideArray = false): FieldError[] {
  if (value === null) return [{ field: field || 'body', message: `${field || 'body'} must not be null` }];
  if (Array.isArray(value)) {
    if (insideArray) return [{ field, message: `${field} must not be a list (lists of lists are not taken)` }];
    return value.flatMap((item, index) => shapeErrors(item, `${field}[${index}]`, true));
  }
  if (typeof value === 'object' && value !== undefined) {
    return Object.entries(value).flatMap(([key, item]) => shapeErrors(item, field ? `${field}.${key}` : key));
  }
  return [];
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message: message.replace(/^an unknown value was passed to the validate function$/, 'is not a valid value') }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
