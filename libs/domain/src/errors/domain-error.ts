import { ERROR_HTTP_STATUS, ErrorCode } from './error-codes';

/** A refusal with a rulebook code. Decisions return it as a value; it is thrown only inside the library. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly httpStatus: number;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.httpStatus = ERROR_HTTP_STATUS[code];
    this.details = details;
  }

  toJSON(): { statusCode: number; code: ErrorCode; message: string; details: Record<string, unknown> } {
    return { statusCode: this.httpStatus, code: this.code, message: this.message, details: this.details };
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}

/** Throws the refusal; decide() turns it into a `refused` decision. */
export function refuse(code: ErrorCode, message: string, details: Record<string, unknown> = {}): never {
  throw new DomainError(code, message, details);
}
