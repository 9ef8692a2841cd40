import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { Observable } from 'rxjs';
import { ApiError } from './api-error';
import { RouteCatalog } from './route-catalog';
import { validationFailed } from './validation';

/**
 * Before any handler: query parameters the route does not declare are refused like unknown
 * fields (400), and a body of a media type it does not take is 415 UNSUPPORTED_MEDIA_TYPE, so a
 * `text/plain` body is never read as "no body".
 */
@Injectable()
export class RequestContractInterceptor implements NestInterceptor {
  constructor(private readonly routes: RouteCatalog) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const template = (request.route as { path?: unknown } | undefined)?.path;
    const contract = typeof template === 'string' ? this.routes.contract(request.method, template) : undefined;
    if (!contract) return next.handle();

    const unknown = Object.keys(request.query ?? {}).filter((name) => !contract.queryParameters.has(name));
    if (unknown.length > 0) throw validationFailed(unknown.map((field) => ({ field, message: `query parameter ${field} is not known` })));

    if (hasBody(request)) {
      const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (!contract.bodyTypes.includes(type)) {
        throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', `This endpoint takes a body of type ${contract.bodyTypes.join(' or ')}, not ${type || 'an untyped body'}.`, [
          { field: 'Content-Type', message: `must be ${contract.bodyTypes.join(' or ')}` },
        ]);
      }
    }
    return next.handle();
  }
}

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
