import { CoalescingWriter } from './coalescing-writer';

/** A write that finishes when the test says so, recording what each write was given. */
function controlledWrites() {
  const writes: number[][] = [];
  const finish: Array<(error?: Error) => void> = [];
  const write = (items: number[]) => {
    writes.push(items);
    return new Promise<void>((resolve, reject) => finish.push((error) => (error ? reject(error) : resolve())));
  };
  return { writes, finish, write };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('CoalescingWriter (group commit inside a process)', () => {
  it('writes a caller alone at once, and what comes meanwhile together in the next write, in the order asked', async () => {
    const { writes, finish, write } = controlledWrites();
    const writer = new CoalescingWriter(write);
    const done: string[] = [];
    const first = writer.add([1]).then(() => done.push('first'));
    const second = writer.add([2, 3]).then(() => done.push('second'));
    const third = writer.add([4]).then(() => done.push('third'));
    await settled();
    expect(writes).toEqual([[1]]);

    finish[0]();
    await settled();
    expect(done).toEqual(['first']);
    expect(writes).toEqual([[1], [2, 3, 4]]);

    finish[1]();
    await Promise.all([first, second, third]);
    expect(done).toEqual(['first', 'second', 'third']);
  });

  it('fails every caller of a failed write and no other, and goes on writing', async () => {
    const { writes, finish, write } = controlledWrites();
    const writer = new CoalescingWriter(write);
    const first = writer.add([1]);
    await settled();
    const second = writer.add([2]);
    const third = writer.add([3]);
    finish[0]();
    await first;
    await settled();
    finish[1](new Error('server gone'));
    await expect(second).rejects.toThrow('server gone');
    await expect(third).rejects.toThrow('server gone');

    const fourth = writer.add([4]);
    await settled();
    finish[2]();
    await fourth;
    expect(writes).toEqual([[1], [2, 3], [4]]);
  });

  it('asks nothing of the server for nothing to write', async () => {
    const { writes, write } = controlledWrites();
    await new CoalescingWriter(write).add([]);
    expect(writes).toEqual([]);
  });

  it('keeps one write to at most 2,000 items, never splitting a caller', async () => {
    const { writes, finish, write } = controlledWrites();
    const writer = new CoalescingWriter(write);
    const calls = [writer.add([0])];
    await settled();
    calls.push(writer.add(Array(1500).fill(1)), writer.add(Array(600).fill(2)), writer.add(Array(2500).fill(3)));
    for (let i = 0; i < 4; i++) {
      finish[i]();
      await settled();
    }
    await Promise.all(calls);
    expect(writes.map((items) => items.length)).toEqual([1, 1500, 600, 2500]);
  });

  it("answers each caller with what the write holding its items answered", async () => {
    const answers: Array<(seen: Set<number>) => void> = [];
    const writer = new CoalescingWriter<number, Set<number>>((items) => new Promise((resolve) => answers.push(() => resolve(new Set(items)))));
    const first = writer.add([1]);
    await settled();
    const second = writer.add([2]);
    const third = writer.add([3]);
    answers[0](new Set());
    await settled();
    answers[1](new Set());
    expect(await first).toEqual(new Set([1]));
    expect(await second).toEqual(new Set([2, 3]));
    expect(await third).toEqual(new Set([2, 3]));
  });
});
