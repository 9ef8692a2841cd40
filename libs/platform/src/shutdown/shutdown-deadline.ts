/** How long a stopping app may take to finish its work and close its connections. */
export const SHUTDOWN_GRACE_MS = 10_000;

/**
 * A graceful shutdown can hang on a connection that does not come back (BullMQ's worker waits for
 * a Redis that is down). After `graceMs` from SIGTERM or SIGINT the process exits anyway: every
 * step of a command can be repeated, and a job left active is taken up again as stalled.
 */
export function exitIfShutdownHangs(log: (line: string) => void, graceMs = SHUTDOWN_GRACE_MS): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        log(`shutdown did not finish within ${graceMs} ms: exiting now`);
        process.exit(1);
      }, graceMs).unref();
    });
  }
}
