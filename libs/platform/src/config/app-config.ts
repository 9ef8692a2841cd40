/** The validated configuration both apps run with (api.md, "Configuration"). */
export interface AppConfig {
  nodeEnv: string;
  port: number;
  workerHealthPort: number;
  mongoUrl: string;
  redisUrl: string;
  authJwtSecret: string;
  clockMode: 'system' | 'sandbox';
  conflictRetryDelayMs: number;
  conflictMaxWaitMs: number;
  renewalProcessingMs: number;
  workerConcurrency: number;
  queuePrefix: string;
  logLevel: string;
  logFormat: 'json' | 'pretty';
}

export const APP_CONFIG = Symbol('APP_CONFIG');
