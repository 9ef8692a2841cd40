import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Metrics } from '@app/platform';
import type { Request, Response } from 'express';
import { finalize, Observable } from 'rxjs';

/** Request latency by route template (not raw path, so ids do not explode the label set). */
@Injectable()
export class HttpMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: Metrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const started = performance.now();
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    return next.handle().pipe(
      finalize(() => {
        const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
        this.metrics.httpDuration.observe(
          { method: request.method, route, status: String(http.getResponse<Response>().statusCode) },
          (performance.now() - started) / 1000,
        );
      }),
    );
  }
}
