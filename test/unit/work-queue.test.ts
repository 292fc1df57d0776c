import { describe, expect, it } from 'vitest';
import { WorkQueue } from '../../src/core/work-queue.js';

/** A task the test finishes by hand, recording when it started. */
function gate(log: string[], name: string) {
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  return {
    task: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
      return name;
    },
    finish: () => finish(),
  };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('WorkQueue', () => {
  it('starts a task on a later turn of the event loop, never inside the caller', async () => {
    const queue = new WorkQueue({ concurrency: 2, maxQueued: 2 });
    const log: string[] = [];
    const a = gate(log, 'a');
    const result = queue.run(a.task);
    log.push('caller continues');
    await Promise.resolve();
    expect(log).toEqual(['caller continues']);
    await turn();
    expect(log).toEqual(['caller continues', 'start a']);
    a.finish();
    await expect(result).resolves.toBe('a');
  });

  it('runs at most `concurrency` tasks at once, the rest in arrival order', async () => {
    const queue = new WorkQueue({ concurrency: 2, maxQueued: 5 });
    const log: string[] = [];
    const tasks = ['a', 'b', 'c', 'd'].map((name) => gate(log, name));
    const results = tasks.map((t) => queue.run(t.task));
    await turn();
    await turn();
    expect(log).toEqual(['start a', 'start b']);
    expect(queue.active).toBe(2);
    expect(queue.queued).toBe(2);
    tasks[1]?.finish();
    await results[1];
    await turn();
    await turn();
    expect(log).toEqual(['start a', 'start b', 'end b', 'start c']);
    for (const t of tasks) t.finish();
    await expect(Promise.all(results)).resolves.toEqual(['a', 'b', 'c', 'd']);
    expect(queue.active).toBe(0);
    expect(queue.queued).toBe(0);
  });

  it('refuses at once when every slot is busy and the queue is full, and the refused task never runs', async () => {
    const queue = new WorkQueue({ concurrency: 1, maxQueued: 1 });
    const log: string[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((name) => gate(log, name));
    const ra = queue.run(a?.task ?? (async () => ''));
    const rb = queue.run(b?.task ?? (async () => ''));
    expect(queue.run(c?.task ?? (async () => ''))).toBeUndefined();
    a?.finish();
    b?.finish();
    c?.finish();
    await Promise.all([ra, rb]);
    await turn();
    expect(log).not.toContain('start c');
    // Room again once the queue drained.
    expect(queue.run(async () => 'd')).toBeDefined();
  });

  it('frees the slot of a task that throws, even synchronously', async () => {
    const queue = new WorkQueue({ concurrency: 1, maxQueued: 1 });
    const failing = queue.run(() => {
      throw new Error('boom');
    });
    const next = queue.run(async () => 'next');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
    expect(queue.active).toBe(0);
  });
});
