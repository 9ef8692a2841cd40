// The real worker, killed with SIGKILL right after it applied a run of commands (group commit) to
// the subscription named by CRASH_AFTER_RUN_OF (SubscriptionRepository.applyRun), before any record
// of the run is finished (test/integration/grouping/group-commit.spec.ts).
import { SubscriptionRepository } from '@app/persistence';

const victim = process.env.CRASH_AFTER_RUN_OF;
const applyRun = SubscriptionRepository.prototype.applyRun;
SubscriptionRepository.prototype.applyRun = async function crashAfter(this: SubscriptionRepository, ...args: Parameters<typeof applyRun>) {
  const written = await applyRun.apply(this, args);
  if (written && args[0].state.id === victim) process.kill(process.pid, 'SIGKILL');
  return written;
};

void import('../apps/worker/src/main');
