import { createServer, Server } from 'node:http';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig, Metrics } from '@app/platform';
import { METRICS_CONTENT_TYPE, metricsRefusal } from './metrics-access';

/** With METRICS_PORT set: `/metrics` on that port only, apart from the API's traffic (and its rate limits). */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsServer.name);
  private server?: Server;

  constructor(
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.metricsPort;
    if (port === undefined) return;
    this.server = createServer((request, response) => {
      const path = (request.url ?? '').split('?')[0];
      const refusal =
        request.method !== 'GET' || path !== '/metrics'
          ? { status: 404, body: { statusCode: 404, code: 'NOT_FOUND', message: 'Only GET /metrics is served here.', details: [] } }
          : metricsRefusal(this.config, request.headers.authorization, true);
      if (refusal) {
        response.writeHead(refusal.status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(refusal.body));
        return;
      }
      void this.metrics.registry.metrics().then((text) => response.writeHead(200, { 'Content-Type': METRICS_CONTENT_TYPE }).end(text));
    });
    await new Promise<void>((listening, failed) => this.server?.once('error', failed).listen(port, '0.0.0.0', () => listening()));
    this.logger.log(`metrics on port ${port}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((closed) => (this.server ? this.server.close(closed) : closed(undefined)));
  }
}
