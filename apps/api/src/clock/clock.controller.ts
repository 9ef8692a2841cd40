import { Body, Controller, Get, HttpCode, Inject, Logger, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TimeStatus } from '@app/command-engine';
import { SandboxClock } from '@app/persistence';
import { APP_CONFIG, AppConfig, ServiceClock } from '@app/platform';
import type { Response } from 'express';
import { DateTime, Duration } from 'luxon';
import { ApiError } from '../common/api-error';
import { Permit } from '../auth/permit.decorator';
import { MoveClockDto } from './clock.dto';
import { ApiErrors, ApiOk } from '../openapi/responses';
import { ClockMovedView, ClockView } from './clock.view';

const WAIT_MS = 30_000;
/** The farthest one move may take the sandbox clock: any real test needs less, and dates stay representable. */
const MAX_MOVE = Duration.fromObject({ years: 100 });

/** The service clock (api.md, "Time"): read it; in sandbox mode, move it forward and run what came due. */
@ApiTags('time')
@Controller('v1/clock')
export class ClockController {
  private readonly logger = new Logger(ClockController.name);

  constructor(
    private readonly clock: ServiceClock,
    private readonly sandbox: SandboxClock,
    private readonly time: TimeStatus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'getClock', summary: 'The service clock (operator)' })
  @ApiOk(ClockView)
  @Permit('clock:manage')
  async read() {
    const now = await this.clock.now();
    return { now, mode: this.config.clockMode, status: (await this.ready(now)) ? 'ready' : 'advancing' };
  }

  /** 200 once everything that came due has been applied, refused or deferred again; 202 after 30 s. */
  @Post()
  @ApiOperation({ operationId: 'moveClock', summary: 'Move the sandbox clock forward and run what came due (operator, CLOCK_MODE=sandbox)' })
  @ApiOk(ClockMovedView)
  @ApiAcceptedResponse({ description: 'Still advancing after 30 s: poll GET /v1/clock', type: ClockMovedView })
  @ApiErrors(404)
  @HttpCode(200)
  @Permit('clock:manage')
  async move(@Body() body: MoveClockDto, @Res({ passthrough: true }) response: Response) {
    if (this.config.clockMode !== 'sandbox') throw new ApiError(404, 'NOT_FOUND', 'The clock can be moved only when the service runs with CLOCK_MODE=sandbox.');
    // Relative to where the clock is going, when a move is still under way.
    const current = await this.sandbox.target();
    const target = this.target(body, current);
    await this.sandbox.aimAt(target);
    // The workers step the clock to each due instant in turn (SandboxAdvancer); a tick job starts
    // it now, not at their next TIME_TICK_INTERVAL; without Redis they still start it then.
    await this.time.requestTick(target).catch((error: Error) => this.logger.warn(`could not ask the workers for a tick: ${error.message}`));
    const deadline = Date.now() + WAIT_MS;
    // Each look scans the due work (a collection scan on FerretDB): look soon after a short move, then less and less often.
    for (let pause = 100; Date.now() < deadline; pause = Math.min(pause * 2, 1_000)) {
      await new Promise((done) => setTimeout(done, pause));
      const now = await this.sandbox.now();
      if (now.getTime() >= target.getTime() && (await this.time.settled(now))) return { now, status: 'ready' };
    }
    response.status(202);
    return { now: await this.sandbox.now(), status: 'advancing' };
  }

  /** Arrived where it was sent (sandbox), and everything due has been done. */
  private async ready(now: Date): Promise<boolean> {
    if (this.config.clockMode === 'sandbox' && (await this.sandbox.target()).getTime() > now.getTime()) return false;
    return this.time.settled(now);
  }

  /** `current` moved by the duration; Invalid Date when luxon cannot represent it (a huge duration). */
  private advanced(current: Date, advanceBy: string): Date {
    try {
      return DateTime.fromJSDate(current, { zone: 'utc' }).plus(Duration.fromISO(advanceBy)).toJSDate();
    } catch {
      return new Date(Number.NaN);
    }
  }

  private target(body: MoveClockDto, current: Date): Date {
    if ((body.advanceBy === undefined) === (body.setTo === undefined)) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid.', [{ field: 'body', message: 'give exactly one of advanceBy and setTo' }]);
    }
    const target = body.advanceBy ? this.advanced(current, body.advanceBy) : new Date(body.setTo as string);
    const limit = DateTime.fromJSDate(current, { zone: 'utc' }).plus(MAX_MOVE).toJSDate();
    if (!(target.getTime() <= limit.getTime())) {
      const field = body.advanceBy ? 'advanceBy' : 'setTo';
      throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid.', [{ field, message: `one move takes the clock at most 100 years forward (to ${limit.toISOString()})` }]);
    }
    if (target.getTime() < current.getTime()) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid.', [{ field: 'setTo', message: `the clock only moves forward (it is ${current.toISOString()})` }]);
    }
    return target;
  }
}
