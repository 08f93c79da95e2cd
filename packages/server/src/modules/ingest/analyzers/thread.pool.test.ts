import { afterAll, describe, expect, it } from 'vitest';
import { PoolTimeout, ThreadPool } from './thread.pool.js';

const pool = new ThreadPool(new URL('./thread.pool.fixture.mjs', import.meta.url), { size: 2 });
afterAll(() => pool.close());
type Echo = { v: number; threadId: number };

describe('ThreadPool (worker threads for the CPU-bound analyzers)', () => {
  it('runs tasks on up to `size` workers and answers each task with its own result', async () => {
    const out = await Promise.all(Array.from({ length: 10 }, (_, i) => pool.run<Echo>({ op: 'echo', v: i }, { timeoutMs: 10_000 })));
    expect(out.map((o) => o.v)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(new Set(out.map((o) => o.threadId)).size).toBeLessThanOrEqual(2);
  });

  it('a task that hangs is stopped at its time limit (the worker is terminated) and the pool carries on', async () => {
    const before = (await pool.run<Echo>({ op: 'echo', v: 1 }, { timeoutMs: 10_000 })).threadId;
    const hung = pool.run({ op: 'spin' }, { timeoutMs: 300 });
    const others = Promise.all([2, 3, 4].map((v) => pool.run<Echo>({ op: 'echo', v }, { timeoutMs: 10_000 })));
    await expect(hung).rejects.toBeInstanceOf(PoolTimeout);
    expect((await others).map((o) => o.v)).toEqual([2, 3, 4]);
    const ids = await Promise.all([5, 6, 7, 8].map((v) => pool.run<Echo>({ op: 'echo', v }, { timeoutMs: 10_000 })));
    expect(ids.every((o) => o.threadId > 0)).toBe(true);
    expect(before).toBeGreaterThan(0);
  });

  it('cancel stops a running task; an error answer and a dying worker reject only their own task', async () => {
    const ac = new AbortController();
    const spinning = pool.run({ op: 'spin' }, { timeoutMs: 60_000, signal: ac.signal });
    setTimeout(() => ac.abort(), 100);
    await expect(spinning).rejects.toThrow('cancelled');
    await expect(pool.run({ op: 'throw' }, { timeoutMs: 10_000 })).rejects.toThrow('asked to fail');
    await expect(pool.run({ op: 'exit' }, { timeoutMs: 10_000 })).rejects.toThrow(/exited/);
    expect((await pool.run<Echo>({ op: 'echo', v: 9 }, { timeoutMs: 10_000 })).v).toBe(9);
  });
});
