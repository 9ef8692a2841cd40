// The real worker, killed with SIGKILL right after it reserved customer-wide counters keyed by the
// command named by CRASH_AFTER_RESERVE_OF (HoldingsLedger.reserve; a run's reservation is keyed by
// its head), before the subscription's write (test/integration/grouping/group-commit.spec.ts).
import { HoldingsLedger } from '@app/persistence';

const victim = process.env.CRASH_AFTER_RESERVE_OF;
const reserve = HoldingsLedger.prototype.reserve;
HoldingsLedger.prototype.reserve = async function crashAfter(this: HoldingsLedger, ...args: Parameters<typeof reserve>) {
  const reserved = await reserve.apply(this, args);
  if (reserved && args[3].commandId === victim) process.kill(process.pid, 'SIGKILL');
  return reserved;
};

void import('../apps/worker/src/main');
