import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { Metrics } from '@app/platform';
import { CommandEngineModule } from '@app/command-engine';
import { GaugeRefresher } from './gauge-refresher';
import { HealthController } from './health.controller';
import { MetricsServer } from './metrics-server';
import { MetricsController } from './metrics.controller';
import { QueueHealthIndicator } from './queue-health.indicator';

/** Health and metrics endpoints, the same in the API and the worker. */
@Module({
  imports: [TerminusModule, CommandEngineModule],
  controllers: [HealthController, MetricsController],
  providers: [QueueHealthIndicator, Metrics, GaugeRefresher, MetricsServer],
  exports: [Metrics],
})
export class OperationsModule {}
