import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, AppConfig } from '@app/platform';
import { FailOpenRedisStorage } from './fail-open.storage';

/** RATE_LIMIT requests (0: no limit) per RATE_LIMIT_WINDOW per partner, counted in Redis. */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        throttlers: [{ name: 'default', limit: config.rateLimit, ttl: config.rateLimitWindowMs }],
        storage: new FailOpenRedisStorage(config.redisUrl, `${config.queuePrefix}:rate-limit:`),
      }),
    }),
  ],
})
export class RateLimitModule {}
