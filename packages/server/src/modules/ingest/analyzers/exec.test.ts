import { describe, expect, it } from 'vitest';
import { runTool, toolVersion } from './exec.js';

describe('runTool: external tools under a time limit, never throwing', () => {
  it('kills a tool (and its children) that runs past its time limit', async () => {
    const t0 = performance.now();
    const r = await runTool('sh', ['-c', 'sleep 30 & sleep 30'], { timeoutMs: 300 });
    expect(r).toMatchObject({ timedOut: true, code: null });
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it('reports a missing program as data, not an exception', async () => {
    const r = await runTool('lantai-no-such-tool', [], { timeoutMs: 1_000 });
    expect(r.startError).toMatch(/ENOENT/);
    expect(await toolVersion('lantai-no-such-tool', ['--version'])).toBeNull();
  });

  it('caps stdout, feeds stdin, stops on an aborted signal', async () => {
    const big = await runTool('head', ['-c', '5000000', '/dev/zero'], { timeoutMs: 10_000, maxStdout: 1000 });
    expect(big.stdout.length).toBeLessThanOrEqual(1000);
    const echo = await runTool('cat', [], { timeoutMs: 5_000, input: Buffer.from('兰台') });
    expect(echo.stdout.toString()).toBe('兰台');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const stopped = await runTool('sleep', ['30'], { timeoutMs: 60_000, signal: ac.signal });
    expect(stopped.code).toBeNull();
  });

  it('knows the versions of the Debian tools the checks use', async () => {
    expect(await toolVersion('ffprobe', ['-version'])).toMatch(/^ffprobe version/);
    expect(await toolVersion('xmllint', ['--version'])).toMatch(/libxml/);
  });
});
