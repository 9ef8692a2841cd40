import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { CatalogRepository } from '@app/persistence';
import { AppConfig, exitIfShutdownHangs } from '@app/platform';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

/** The worker: runs group pumps and time processes; serves health and metrics on WORKER_HEALTH_PORT. */
export async function startWorker(config: AppConfig): Promise<void> {
  const app = await NestFactory.create(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  exitIfShutdownHangs((line) => app.get(Logger).warn(line));
  await app.get(CatalogRepository).current();
  await app.listen(config.workerHealthPort, '0.0.0.0');
  app.get(Logger).log(`worker ready; health and metrics on port ${config.workerHealthPort}`);
}
