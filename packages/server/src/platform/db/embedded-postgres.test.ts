import { describe, expect, it } from 'vitest';
import { sharedBuffers } from './embedded-postgres.ts';

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
