import { AppConfig } from './app-config';
import { parseFixedDuration } from './duration';

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Reads and validates the environment. Throws a ConfigError whose message is one line naming the
 * variable, so `main` can print it and exit without a stack trace.
 */
export function loadConfig(env: Env): AppConfig {
  const nodeEnv = env.NODE_ENV ?? 'development';
  return {
    nodeEnv,
    port: integer(env, 'PORT', 3000, 0, 65535),
    workerHealthPort: integer(env, 'WORKER_HEALTH_PORT', 3001, 0, 65535),
    mongoUrl: url(env, 'MONGO_URL', 'mongodb://127.0.0.1:27017/subscriptions', ['mongodb:', 'mongodb+srv:']),
    redisUrl: url(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    authJwtSecret: secret(env, 'AUTH_JWT_SECRET'),
    authMaxTokenLifetimeMs: duration(env, 'AUTH_MAX_TOKEN_LIFETIME', 'PT24H'),
    clockMode: oneOf(env, 'CLOCK_MODE', 'system', ['system', 'sandbox'] as const),
    conflictRetryDelayMs: duration(env, 'CONFLICT_RETRY_DELAY', 'PT2M'),
    conflictMaxWaitMs: duration(env, 'CONFLICT_MAX_WAIT', 'PT26H'),
    renewalProcessingMs: duration(env, 'RENEWAL_PROCESSING_DURATION', 'PT1H'),
    relationshipRequestTtlMs: duration(env, 'RELATIONSHIP_REQUEST_TTL', 'P30D'),
    workerConcurrency: integer(env, 'WORKER_CONCURRENCY', 16, 1, 1000),
    batchLaneConcurrency: integer(env, 'BATCH_LANE_CONCURRENCY', 2, 1, 1000),
    groupCommitMax: integer(env, 'GROUP_COMMIT_MAX', 50, 1, 50),
    workerLockMs: duration(env, 'WORKER_LOCK_DURATION', 'PT30S'),
    retryBaseDelayMs: duration(env, 'RETRY_BASE_DELAY', 'PT1S'),
    reconcileIntervalMs: duration(env, 'RECONCILE_INTERVAL', 'PT1M'),
    timeTickIntervalMs: duration(env, 'TIME_TICK_INTERVAL', 'PT10S'),
    webhookRetryBaseMs: positiveDuration(env, 'WEBHOOK_RETRY_BASE', 'PT5S'),
    webhookTimeoutMs: positiveDuration(env, 'WEBHOOK_TIMEOUT', 'PT10S'),
    webhookAllowPrivateTargets: oneOf(env, 'WEBHOOK_ALLOW_PRIVATE_TARGETS', 'false', ['true', 'false'] as const) === 'true',
    rateLimit: integer(env, 'RATE_LIMIT', 1200, 0, 1_000_000),
    rateLimitWindowMs: duration(env, 'RATE_LIMIT_WINDOW', 'PT1M'),
    batchMaxBytes: integer(env, 'BATCH_MAX_BYTES', 50 * 1024 * 1024, 1024, 2 ** 40),
    queuePrefix: pattern(env, 'QUEUE_PREFIX', 'se', /^[A-Za-z0-9_{}-]{1,64}$/, 'letters, digits, _ - { }'),
    ...optional('metricsPort', integer(env, 'METRICS_PORT', 0, 1, 65535)),
    ...optional('metricsToken', token(env, 'METRICS_TOKEN')),
    metricsRefreshMs: duration(env, 'METRICS_REFRESH_INTERVAL', 'PT15S'),
    logLevel: oneOf(env, 'LOG_LEVEL', nodeEnv === 'test' ? 'warn' : 'info', LOG_LEVELS),
    logFormat: oneOf(env, 'LOG_FORMAT', process.stdout.isTTY && nodeEnv !== 'production' ? 'pretty' : 'json', ['json', 'pretty'] as const),
  };
}

function fail(name: string, expected: string, value: string): never {
  throw new ConfigError(`Invalid configuration: ${name} must be ${expected} (got "${value}")`);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) fail(name, `an integer from ${min} to ${max}`, raw);
  return Number(raw);
}

function url(env: Env, name: string, fallback: string, protocols: string[]): string {
  const raw = env[name] || fallback;
  try {
    if (protocols.includes(new URL(raw).protocol)) return raw;
  } catch {
    // reported below
  }
  return fail(name, `a URL starting with ${protocols.join(' or ')}//`, raw);
}

function secret(env: Env, name: string): string {
  const raw = env[name];
  if (!raw) throw new ConfigError(`Invalid configuration: ${name} is required (the HS256 key for API tokens)`);
  if (raw.length < 16) fail(name, 'at least 16 characters long', '<hidden>');
  return raw;
}

/** `{ [key]: value }`, or nothing when the variable was not set (its default is 0 or ''). */
function optional<K extends string, V>(key: K, value: V): Partial<Record<K, V>> {
  return value === 0 || value === '' ? {} : ({ [key]: value } as Record<K, V>);
}

function token(env: Env, name: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return '';
  if (!/^[\x21-\x7e]{16,256}$/.test(raw)) fail(name, '16 to 256 visible ASCII characters', '<hidden>');
  return raw;
}

function oneOf<T extends string>(env: Env, name: string, fallback: T, allowed: readonly T[]): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) fail(name, `one of ${allowed.join(', ')}`, raw);
  return raw as T;
}

function duration(env: Env, name: string, fallback: string): number {
  const raw = env[name] || fallback;
  const ms = parseFixedDuration(raw);
  if (ms === undefined) fail(name, 'an ISO 8601 duration such as PT2M or PT26H', raw);
  return ms;
}

function positiveDuration(env: Env, name: string, fallback: string): number {
  const ms = duration(env, name, fallback);
  if (ms <= 0) fail(name, 'a duration longer than zero', env[name] ?? fallback);
  return ms;
}

function pattern(env: Env, name: string, fallback: string, re: RegExp, expected: string): string {
  const raw = env[name] || fallback;
  if (!re.test(raw)) fail(name, expected, raw);
  return raw;
}
