import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { CatalogRepository } from '@app/persistence';
import { AppConfig, exitIfShutdownHangs, Metrics } from '@app/platform';
import { Logger } from 'nestjs-pino';
import { mountQueueDashboard } from './admin/queue-dashboard';
import { ApiModule } from './api.module';
import { answerClientErrorsAsJson } from './common/client-errors';
import { httpMetrics } from './common/http-metrics.middleware';
import { JSON_BODY_OPTIONS } from './common/json-body';
import { RouteCatalog } from './common/route-catalog';
import { validationPipe } from './common/validation';
import { createApiDocument } from './openapi/api-document';

/** The HTTP API: validates at once, writes the command record, answers 202; the worker does the rest. */
export async function startApi(config: AppConfig): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.use(httpMetrics(app.get(Metrics)));
  app.useBodyParser('json', JSON_BODY_OPTIONS);
  app.set('query parser', 'simple');
  app.disable('x-powered-by');
  // The only ETag is a subscription's version (If-Match); no body-hash ETags or 304s elsewhere.
  app.set('etag', false);
  app.useGlobalPipes(validationPipe());
  app.enableShutdownHooks();
  exitIfShutdownHangs((line) => app.get(Logger).warn(line));

  const document = createApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  app.get(RouteCatalog).load(document);
  mountQueueDashboard(app);

  await app.get(CatalogRepository).seedFromDataFile(new Date());
  answerClientErrorsAsJson(app.getHttpServer());
  await app.listen(config.port, '0.0.0.0');
  app.get(Logger).log(`API listening on port ${config.port}`);
}
