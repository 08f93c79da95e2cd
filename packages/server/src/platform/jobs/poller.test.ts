import { describe, expect, it } from 'vitest';
import { createPoller } from './poller.ts';

describe('catch-up poller', () => {
  it('drains until a round finds nothing, one drain at a time', async () => {
    let left = 5, active = 0, most = 0;
    const p = createPoller(async () => {
      active++; most = Math.max(most, active);
      await new Promise((r) => setTimeout(r, 2));
      active--;
      const n = Math.min(2, left);
      left -= n;
      return n;
    }, () => {}, 'test');
    const [a, b] = await Promise.all([p.drain(), p.drain()]);
    expect(a + b).toBe(5);
    expect(most).toBe(1);
  });

  it('keeps polling after a failed round, logging it, and stops when asked', async () => {
    const logged: string[] = [];
    let calls = 0;
    const p = createPoller(async () => {
      calls++;
      if (calls === 1) throw new Error('boom');
      return 0;
    }, (m) => logged.push(m), 'test');
    p.start(5);
    await new Promise((r) => setTimeout(r, 60));
    await p.stop();
    const after = calls;
    await new Promise((r) => setTimeout(r, 30));
    expect(logged).toEqual(['test round failed']);
    expect(after).toBeGreaterThan(1);
    expect(calls).toBe(after);
  });
});
