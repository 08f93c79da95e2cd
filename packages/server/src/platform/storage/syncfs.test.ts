import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syncFilesystem, syncHelperPid } from './syncfs.ts';

// syncfs through one kept shell: the same answers as `sync -f` started each time, the shell reused, and a helper
// that dies replaced (or, for the call it dies under, the command started directly).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantai-syncfs-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('syncFilesystem', () => {
  it('syncs a folder\'s filesystem through one shell kept for the process', async () => {
    expect(await syncFilesystem(dir)).toBe(true);
    const pid = syncHelperPid();
    expect(pid).toBeGreaterThan(0);
    expect(await Promise.all([dir, os.tmpdir(), dir].map((p) => syncFilesystem(p)))).toEqual([true, true, true]);
    expect(syncHelperPid()).toBe(pid);
  });

  it('throws for a path that does not exist, with sync\'s message, and goes on working', async () => {
    await expect(syncFilesystem(path.join(dir, 'missing'))).rejects.toThrow(/missing.*No such file/);
    expect(await syncFilesystem(dir)).toBe(true);
  });

  it('a path with a line break does not reach the shell as two paths', async () => {
    const odd = path.join(dir, 'a\nb');
    fs.mkdirSync(odd);
    expect(await syncFilesystem(odd)).toBe(true);
    await expect(syncFilesystem(path.join(dir, `missing\n${dir}`))).rejects.toThrow();
  });

  it('replaces a helper that was killed', async () => {
    const pid = syncHelperPid()!;
    process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
    expect(await syncFilesystem(dir)).toBe(true);
    expect(syncHelperPid()).not.toBe(pid);
  });

  it('a helper killed under a call: the call still ends (answered, or through sync started directly)', async () => {
    const pid = syncHelperPid()!;
    const pending = syncFilesystem(dir);
    process.kill(pid, 'SIGKILL');
    expect(await pending).toBe(true);
  });

  it('a sync that does not answer fails after the timeout, and its helper is replaced', async () => {
    expect(await syncFilesystem(dir)).toBe(true);
    const pid = syncHelperPid()!;
    process.kill(pid, 'SIGSTOP'); // as a sync stuck on a hung filesystem
    await expect(syncFilesystem(dir, 300)).rejects.toThrow(/no answer in 300 ms/);
    await new Promise((r) => setTimeout(r, 100));
    expect(await syncFilesystem(dir)).toBe(true);
    expect(syncHelperPid()).not.toBe(pid);
  });
});
