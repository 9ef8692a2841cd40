// The real worker, pausing PARK_DELAY_MS before each pump parks itself (BullMQ's moveToDelayed), so
// that a wake-up can be made to come while the pump is still active, after its deferral is written
// (test/integration/grouping/deferral.spec.ts).
import { Job } from 'bullmq';

const pauseMs = Number(process.env.PARK_DELAY_MS ?? 5_000);
const moveToDelayed = Job.prototype.moveToDelayed;
Job.prototype.moveToDelayed = async function slowPark(this: Job, ...args: Parameters<typeof moveToDelayed>) {
  await new Promise((done) => setTimeout(done, pauseMs));
  return moveToDelayed.apply(this, args);
};

void import('../apps/worker/src/main');
