/** What a repeating task tells when a round fails (a Nest Logger fits). */
export interface TaskLogger {
  warn(message: string): void;
}

/**
 * Work a process repeats on a timer of its own (not a BullMQ scheduler: those live in Redis, which
 * may lose them), one round at a time: a round asked for while one is under way gets that round
 * rather than a second one beside it, so a slow database never piles rounds up. A failed round is
 * logged and the next one tries again.
 */
export class RepeatingTask {
  private timer?: NodeJS.Timeout;
  private current?: Promise<void>;

  constructor(
    private readonly name: string,
    private readonly work: () => Promise<unknown>,
    private readonly logger: TaskLogger,
  ) {}

  /** Rounds every `intervalMs`; the timer never keeps the process alive. */
  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.runOnce(), intervalMs);
    this.timer.unref();
  }

  /** One round now, or the one under way. */
  runOnce(): Promise<void> {
    this.current ??= this.work()
      .then(() => undefined)
      .catch((error: Error) => this.logger.warn(`${this.name} failed, will try again: ${error.message}`))
      .finally(() => (this.current = undefined));
    return this.current;
  }

  /** No more rounds; waits for the one under way. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.current;
  }
}
