import { BatchLaneThrottle, SLOW_INTERACTIVE_PUMP_MS } from './batch-lane-throttle';

describe('BatchLaneThrottle: the batch lane gives way to slow interactive pumps', () => {
  it('halves the lane after a slow interactive pump, down to one pump', () => {
    const throttle = new BatchLaneThrottle({ batchLaneConcurrency: 8 });
    const widths = [1, 2, 3, 4].map(() => {
      throttle.interactiveRun(SLOW_INTERACTIVE_PUMP_MS + 1);
      return throttle.nextWidth();
    });
    expect(widths).toEqual([4, 2, 1, 1]);
  });

  it('widens by one per interval without slow interactive pumps, up to BATCH_LANE_CONCURRENCY', () => {
    const throttle = new BatchLaneThrottle({ batchLaneConcurrency: 4 });
    throttle.interactiveRun(10_000);
    expect(throttle.nextWidth()).toBe(2);
    throttle.interactiveRun(SLOW_INTERACTIVE_PUMP_MS);
    expect(throttle.nextWidth()).toBe(3);
    expect(throttle.nextWidth()).toBe(4);
    expect(throttle.nextWidth()).toBe(4);
  });

  it('judges each interval by its own runs only', () => {
    const throttle = new BatchLaneThrottle({ batchLaneConcurrency: 8 });
    throttle.interactiveRun(SLOW_INTERACTIVE_PUMP_MS * 4);
    throttle.interactiveRun(5);
    expect(throttle.nextWidth()).toBe(4);
    throttle.interactiveRun(5);
    expect(throttle.nextWidth()).toBe(5);
  });
});
