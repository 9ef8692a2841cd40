import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { isDomainError } from '@app/domain';
import type { Response } from 'express';
import { ApiError } from './api-error';
import { detailsList } from './error-details';
import { BODY_TOO_LARGE_MESSAGE } from './json-body';

/** What a 503 asks the client to wait before trying again (api.md, "Errors"). */
const RETRY_AFTER_SECONDS = 5;

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details: unknown;
}

/** Every error leaves as `{ statusCode, code, message, details }`; nothing unexpected leaks as a stack. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(error);
    if (body.statusCode >= 500) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    if (response.headersSent) return;
    if (body.statusCode === 503 && !response.getHeader('Retry-After')) response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    response.status(body.statusCode).json({ ...body, details: detailsList(body.details) });
  }

  private toBody(error: unknown): ErrorBody {
    if (error instanceof ApiError) return error.getResponse() as ErrorBody;
    if (isDomainError(error)) return { statusCode: error.httpStatus, code: error.code, message: error.message, details: error.details };
    if (isMongoUnavailable(error)) {
      return { statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: 'The database is not reachable; try again shortly.', details: [] };
    }
    // Nest turns body-parser's errors (bad JSON, too large) into HttpExceptions before they come here.
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const message = status === 413 ? BODY_TOO_LARGE_MESSAGE : error.message;
      return { statusCode: status, code: codeFor(status), message, details: [] };
    }
    return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Something went wrong on our side.', details: [] };
  }
}

function codeFor(status: number): string {
  const codes: Record<number, string> = {
    400: 'VALIDATION_FAILED',
    401: 'UNAUTHENTICATED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    405: 'METHOD_NOT_ALLOWED',
    406: 'NOT_ACCEPTABLE',
    409: 'CONFLICT',
    413: 'PAYLOAD_TOO_LARGE',
    415: 'UNSUPPORTED_MEDIA_TYPE',
    429: 'RATE_LIMITED',
    503: 'SERVICE_UNAVAILABLE',
  };
  return codes[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
}

function isMongoUnavailable(error: unknown): boolean {
  const name = (error as { name?: string })?.name ?? '';
  return ['MongoServerSelectionError', 'MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoNotConnectedError', 'MongoTopologyClosedError'].includes(name);
}
