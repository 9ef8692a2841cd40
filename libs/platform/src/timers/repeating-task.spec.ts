import { RepeatingTask } from './repeating-task';

describe('RepeatingTask', () => {
  it('gives a round asked for while one is under way that same round, not a second one', async () => {
    let rounds = 0;
    let finish: () => void = () => undefined;
    const task = new RepeatingTask('test', () => new Promise<void>((done) => { rounds++; finish = done; }), { warn: () => undefined });
    const first = task.runOnce();
    const second = task.runOnce();
    expect(second).toBe(first);
    finish();
    await first;
    const third = task.runOnce();
    expect(third).not.toBe(first);
    finish();
    await third;
    expect(rounds).toBe(2);
  });

  it('logs a failed round and runs the next one', async () => {
    const warnings: string[] = [];
    let calls = 0;
    const task = new RepeatingTask('flaky', async () => {
      calls++;
      if (calls === 1) throw new Error('database away');
    }, { warn: (message) => warnings.push(message) });
    await task.runOnce();
    await task.runOnce();
    expect(warnings).toEqual(['flaky failed, will try again: database away']);
    expect(calls).toBe(2);
  });

  it('stops its timer and waits for the round under way', async () => {
    let rounds = 0;
    const task = new RepeatingTask('timed', async () => { rounds++; }, { warn: () => undefined });
    task.start(5);
    await new Promise((done) => setTimeout(done, 40));
    await task.stop();
    const after = rounds;
    await new Promise((done) => setTimeout(done, 30));
    expect(after).toBeGreaterThan(0);
    expect(rounds).toBe(after);
  });
});
