import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger, NotFoundException } from '@nestjs/common';
import { isDomainError } from '@app/domain';
import type { Request, Response } from 'express';
import { ApiError } from './api-error';
import { detailsList } from './error-details';
import { BODY_TOO_LARGE_MESSAGE } from './json-body';
import { RouteCatalog } from './route-catalog';

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

  constructor(private readonly routes: RouteCatalog) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.methodNotAllowed(error, request, response) ?? this.toBody(error);
    if (body.statusCode >= 500) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    if (response.headersSent) return;
    if (body.statusCode === 503 && !response.getHeader('Retry-After')) response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    // A route may have set another type (the CSV export) before it failed.
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.status(body.statusCode).json({ ...body, details: detailsList(body.details) });
  }

  /** No route matched: when the path is known under other methods, 405 with `Allow` instead of 404. */
  private methodNotAllowed(error: unknown, request: Request, response: Response): ErrorBody | undefined {
    if (!(error instanceof NotFoundException)) return undefined;
    const allowed = this.routes.methodsAt(request.path);
    if (allowed.length === 0 || allowed.includes(request.method)) return undefined;
    response.setHeader('Allow', allowed.join(', '));
    return { statusCode: 405, code: 'METHOD_NOT_ALLOWED', message: `${request.method} is not served at this path; it takes ${allowed.join(', ')}.`, details: [] };
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
    431: 'REQUEST_HEADER_FIELDS_TOO_LARGE',
    503: 'SERVICE_UNAVAILABLE',
  };
  return codes[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
}

function isMongoUnavailable(error: unknown): boolean {
  const name = (error as { name?: string })?.name ?? '';
  return ['MongoServerSelectionError', 'MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoNotConnectedError', 'MongoTopologyClosedError'].includes(name);
}
