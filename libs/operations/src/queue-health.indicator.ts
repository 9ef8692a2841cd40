import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { COMMAND_QUEUE } from '@app/command-engine';

/** Redis answers and the command queue can be read. */
@Injectable()
export class QueueHealthIndicator {
  constructor(
    @InjectQueue(COMMAND_QUEUE) private readonly queue: Queue,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key = 'redis') {
    const session = this.health.check(key);
    try {
      const client = await this.queue.backend.client;
      // Boundary: BullMQ types its backend's client as its narrow IRedisClient; the connection it
      // wraps is the ioredis client, whose ping() is the check we want.
      const pong = await withTimeout((client as unknown as Redis).ping(), 2_000);
      const counts = await withTimeout(this.queue.getJobCounts('waiting', 'active', 'delayed'), 2_000);
      return pong === 'PONG' ? session.up({ commandQueue: counts }) : session.down({ message: `unexpected ping answer ${pong}` });
    } catch (error) {
      return session.down({ message: (error as Error).message });
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, fail) => setTimeout(() => fail(new Error(`no answer within ${ms} ms`)), ms).unref())]);
}
