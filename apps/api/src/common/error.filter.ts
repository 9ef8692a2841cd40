import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { isDomainError } from '@app/domain';
import type { Response } from 'express';
import { ApiError } from './api-error';

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
    if (!response.headersSent) response.status(body.statusCode).json(body);
  }

  private toBody(error: unknown): ErrorBody {
    if (error instanceof ApiError) return error.getResponse() as ErrorBody;
    if (isDomainError(error)) return { statusCode: error.httpStatus, code: error.code, message: error.message, details: error.details };
    const bodyParser = error as { type?: string; status?: number };
    if (bodyParser.type === 'entity.too.large') {
      return { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than allowed (1 MiB).', details: [] };
    }
    if (bodyParser.type === 'entity.parse.failed') {
      return { statusCode: 400, code: 'VALIDATION_FAILED', message: 'The request body is not valid JSON.', details: [] };
    }
    if (typeof bodyParser.type === 'string' && typeof bodyParser.status === 'number' && bodyParser.status < 500) {
      return { statusCode: bodyParser.status, code: 'VALIDATION_FAILED', message: (error as Error).message, details: [] };
    }
    if (isMongoUnavailable(error)) {
      return { statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: 'The database is not reachable; try again shortly.', details: [] };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      return { statusCode: status, code: codeFor(status), message: error.message, details: [] };
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
    429: 'TOO_MANY_REQUESTS',
    503: 'SERVICE_UNAVAILABLE',
  };
  return codes[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
}

function isMongoUnavailable(error: unknown): boolean {
  const name = (error as { name?: string })?.name ?? '';
  return ['MongoServerSelectionError', 'MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoNotConnectedError', 'MongoTopologyClosedError'].includes(name);
}
