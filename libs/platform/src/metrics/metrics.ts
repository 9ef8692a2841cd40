import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The process's Prometheus registry and the instruments both apps share. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly commandsAccepted = new Counter({
    name: 'commands_accepted_total',
    help: 'Commands accepted at intake, by type',
    labelNames: ['type'],
    registers: [this.registry],
  });

  readonly commandsFinished = new Counter({
    name: 'commands_finished_total',
    help: 'Commands finished by the worker, by type and outcome (succeeded, failed, deferred)',
    labelNames: ['type', 'outcome', 'code'],
    registers: [this.registry],
  });

  readonly commandDuration = new Histogram({
    name: 'command_apply_duration_seconds',
    help: 'Time to apply one command in the worker',
    labelNames: ['type'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [this.registry],
  });

  readonly queueJobs = new Gauge({
    name: 'queue_jobs',
    help: 'BullMQ jobs per queue and state',
    labelNames: ['queue', 'state'],
    registers: [this.registry],
  });

  readonly commandsByStatus = new Gauge({
    name: 'commands',
    help: 'Command records per status (MongoDB)',
    labelNames: ['status'],
    registers: [this.registry],
  });

  readonly oldestUnfinishedAge = new Gauge({
    name: 'commands_oldest_unfinished_age_seconds',
    help: 'Age of the oldest accepted command not yet finished',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
