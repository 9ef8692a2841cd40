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

  private readonly define = instruments(this.registry);

  readonly httpDuration = this.define.histogram(
    'http_request_duration_seconds',
    'HTTP answers by method, route template and status, measured for every answer (guards, unknown routes, body parsing included)',
    ['method', 'route', 'status'],
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  );
  readonly commandsAccepted = this.define.counter('commands_accepted_total', 'Commands accepted at intake, by type', ['type']);
  readonly commandsFinished = this.define.counter('commands_finished_total', 'Commands finished by the worker, by type and outcome (succeeded, failed, deferred)', ['type', 'outcome', 'code']);
  readonly commandDuration = this.define.histogram('command_apply_duration_seconds', 'Time to apply one command in the worker', ['type'], [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5]);
  readonly queueJobs = this.define.gauge('queue_jobs', 'BullMQ jobs per queue and state, read every METRICS_REFRESH_INTERVAL', ['queue', 'state']);
  readonly commandsByStatus = this.define.gauge('commands', 'Command records per status (MongoDB), read every METRICS_REFRESH_INTERVAL', ['status']);
  readonly oldestUnfinishedAge = this.define.gauge('commands_oldest_unfinished_age_seconds', 'Age of the oldest accepted command not yet finished, as of the last refresh', []);

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    // Gauges named like counters (Prometheus naming, promtool's lint); their per-type gauges without `_total` stay.
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) this.registry.removeSingleMetric(name);
  }
}

/** Our instruments: named `subscriptions_<name>`, in the process's registry. */
function instruments(registry: Registry) {
  const named = <L extends string>(name: string, help: string, labelNames: readonly L[]) => ({ name: `subscriptions_${name}`, help, labelNames, registers: [registry] });
  return {
    counter: <L extends string>(name: string, help: string, labels: readonly L[]) => new Counter<L>(named(name, help, labels)),
    gauge: <L extends string>(name: string, help: string, labels: readonly L[]) => new Gauge<L>(named(name, help, labels)),
    histogram: <L extends string>(name: string, help: string, labels: readonly L[], buckets: number[]) => new Histogram<L>({ ...named(name, help, labels), buckets }),
  };
}
