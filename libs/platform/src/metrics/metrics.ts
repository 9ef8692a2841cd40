import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus registry and the instruments both apps share. Ours are named
 * `subscriptions_…` (Prometheus naming: an application prefix); Node.js process metrics keep
 * their standard names so stock dashboards work.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'subscriptions_http_request_duration_seconds',
    help: 'HTTP answers by method, route template and status, measured for every answer (guards, unknown routes, body parsing included)',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly commandsAccepted = new Counter({
    name: 'subscriptions_commands_accepted_total',
    help: 'Commands accepted at intake, by type',
    labelNames: ['type'],
    registers: [this.registry],
  });

  readonly commandsFinished = new Counter({
    name: 'subscriptions_commands_finished_total',
    help: 'Commands finished by the worker, by type and outcome (succeeded, failed, deferred)',
    labelNames: ['type', 'outcome', 'code'],
    registers: [this.registry],
  });

  readonly commandDuration = new Histogram({
    name: 'subscriptions_command_apply_duration_seconds',
    help: 'Time to apply one command in the worker',
    labelNames: ['type'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [this.registry],
  });

  readonly queueJobs = new Gauge({
    name: 'subscriptions_queue_jobs',
    help: 'BullMQ jobs per queue and state, read every METRICS_REFRESH_INTERVAL',
    labelNames: ['queue', 'state'],
    registers: [this.registry],
  });

  readonly commandsByStatus = new Gauge({
    name: 'subscriptions_commands',
    help: 'Command records per status (MongoDB), read every METRICS_REFRESH_INTERVAL',
    labelNames: ['status'],
    registers: [this.registry],
  });

  readonly oldestUnfinishedAge = new Gauge({
    name: 'subscriptions_commands_oldest_unfinished_age_seconds',
    help: 'Age of the oldest accepted command not yet finished, as of the last refresh',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    // Gauges named like counters (Prometheus naming, promtool's lint); their per-type gauges without `_total` stay.
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) this.registry.removeSingleMetric(name);
  }
}
