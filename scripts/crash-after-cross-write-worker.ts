// The real worker, killed with SIGKILL right after its first write onto the subscription named by
// CRASH_AFTER_CROSS_WRITE_TO made by a command of another group (SubscriptionRepository.applyCross):
// a crash between the writes of a plan, at a known point (test/e2e/plan-crash.e2e.spec.ts).
import { SubscriptionRepository } from '@app/persistence';

const victim = process.env.CRASH_AFTER_CROSS_WRITE_TO;
const applyCross = SubscriptionRepository.prototype.applyCross;
SubscriptionRepository.prototype.applyCross = async function crashAfter(this: SubscriptionRepository, ...args: Parameters<typeof applyCross>) {
  const written = await applyCross.apply(this, args);
  if (written === 'applied' && args[0].id === victim) process.kill(process.pid, 'SIGKILL');
  return written;
};

void import('../apps/worker/src/main');
