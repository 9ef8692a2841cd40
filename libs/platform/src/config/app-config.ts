/** The validated configuration both apps run with (api.md, "Configuration"). */
export interface AppConfig {
  nodeEnv: string;
  port: number;
  workerHealthPort: number;
  mongoUrl: string;
  redisUrl: string;
  authJwtSecret: string;
  /** The longest a token may live (its `exp` from now, and from its `iat`); longer ones are refused. */
  authMaxTokenLifetimeMs: number;
  clockMode: 'system' | 'sandbox';
  conflictRetryDelayMs: number;
  conflictMaxWaitMs: number;
  renewalProcessingMs: number;
  /** How long a relationship request's accept token accepts (service time). */
  relationshipRequestTtlMs: number;
  workerConcurrency: number;
  /** Groups of the batch lane a worker process applies at once, besides WORKER_CONCURRENCY interactive ones. */
  batchLaneConcurrency: number;
  /** The most commands of one group a pump applies with one write (group commit); 1: one at a time. */
  groupCommitMax: number;
  /** How long a worker holds a pump job before BullMQ's stalled-job checker hands it to another worker. */
  workerLockMs: number;
  /** First delay of BullMQ's exponential backoff after an infrastructure error (doubles each attempt). */
  retryBaseDelayMs: number;
  /** How often each worker runs the reconciler. */
  reconcileIntervalMs: number;
  /** How often each worker looks for due time-driven work. */
  timeTickIntervalMs: number;
  /** First retry of a failed webhook delivery (doubles each attempt, for 24 hours). */
  webhookRetryBaseMs: number;
  /** How long a webhook receiver has to answer. */
  webhookTimeoutMs: number;
  /** Lets webhooks target private, loopback and link-local addresses and http: (tests, local use). */
  webhookAllowPrivateTargets: boolean;
  /** The largest batch upload accepted (a CSV file, streamed); 413 above. */
  batchMaxBytes: number;
  queuePrefix: string;
  /** Requests per partner per `rateLimitWindowMs` on /v1 (429 RATE_LIMITED above); 0: no limit. */
  rateLimit: number;
  rateLimitWindowMs: number;
  /** When set, `/metrics` is served only on this port, by a server of its own. */
  metricsPort?: number;
  /** When set, `/metrics` answers only `Authorization: Bearer <metricsToken>`. */
  metricsToken?: string;
  /** How often the queue and command gauges are read; a scrape never reads them. */
  metricsRefreshMs: number;
  logLevel: string;
  logFormat: 'json' | 'pretty';
}

export const APP_CONFIG = Symbol('APP_CONFIG');
