import { HttpException } from '@nestjs/common';

/** An HTTP error with the body of api.md: `{ statusCode, code, message, details }`. */
export class ApiError extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = [],
  ) {
    super({ statusCode: status, code, message, details }, status);
  }
}

export const notFound = (what: string, id: string) => new ApiError(404, 'NOT_FOUND', `No ${what} ${id} was found.`, { resource: what, id });
