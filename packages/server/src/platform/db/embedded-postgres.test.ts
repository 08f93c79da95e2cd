import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { letPostgresThrough, sharedBuffers } from './embedded-postgres.ts';

describe('embedded PostgreSQL settings', () => {
  it('sizes shared_buffers to the machine, within 128MB–1GB, and takes a well-formed override only', () => {
    const GiB = 2 ** 30;
    expect(sharedBuffers({}, 24 * GiB)).toBe('1024MB');
    expect(sharedBuffers({}, 4 * GiB)).toBe('256MB');
    expect(sharedBuffers({}, 1 * GiB)).toBe('128MB');
    expect(sharedBuffers({ LANTAI_PG_SHARED_BUFFERS: '2GB' }, 4 * GiB)).toBe('2GB');
    expect(() => sharedBuffers({ LANTAI_PG_SHARED_BUFFERS: '2 gigs; drop' }, 4 * GiB)).toThrow(/LANTAI_PG_SHARED_BUFFERS/);
  });
});

describe('a checkout in a private folder (as root, PostgreSQL runs as "postgres")', () => {
  it('adds only the search bit for others to the folders on the way, and says so', async () => {
    const top = fs.mkdtempSync(path.join(os.tmpdir(), 'lantai-private-')); // 0700, as mktemp -d makes it
    const inner = path.join(top, 'a', 'b');
    fs.mkdirSync(inner, { recursive: true, mode: 0o750 });
    const said: string[] = [];
    await letPostgresThrough([path.join(inner, 'missing-yet')], (m) => said.push(m));
    const mode = (p: string) => fs.statSync(p).mode & 0o777;
    expect(mode(top)).toBe(0o701);
    expect(mode(path.join(top, 'a'))).toBe(0o751);
    expect(mode(inner)).toBe(0o751);
    expect(said.filter((m) => m.includes(top))).toHaveLength(3);
    said.length = 0;
    await letPostgresThrough([inner], (m) => said.push(m));
    expect(said).toEqual([]); // nothing left to change
    fs.rmSync(top, { recursive: true, force: true });
  });
});
