import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { APP_CONFIG, AppConfig, Metrics } from '@app/platform';
import type { Response } from 'express';
import { METRICS_CONTENT_TYPE, metricsRefusal } from './metrics-access';

/** Prometheus text: the process's instruments; the queue and command gauges come from GaugeRefresher (G6). */
@Controller()
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('metrics')
  @ApiOperation({ operationId: 'scrapeMetrics', summary: 'Prometheus metrics (text exposition format); with METRICS_PORT set, only on that port' })
  @ApiOkResponse({ description: 'Prometheus text', content: { 'text/plain': { schema: { type: 'string' } } } })
  async scrape(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) response: Response): Promise<unknown> {
    const refusal = metricsRefusal(this.config, authorization, false);
    if (refusal) {
      response.status(refusal.status);
      return refusal.body;
    }
    response.setHeader('Content-Type', METRICS_CONTENT_TYPE);
    return this.metrics.registry.metrics();
  }
}
