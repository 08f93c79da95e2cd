import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('points the virus check at Debian\'s clamd socket unless told otherwise, as a socket path or host:port', () => {
    expect(loadConfig({}).clamd).toEqual({ socket: '/var/run/clamav/clamd.ctl' });
    expect(loadConfig({ LANTAI_CLAMD: 'scanner.example:3310' }).clamd).toEqual({ host: 'scanner.example', port: 3310 });
    expect(loadConfig({ LANTAI_CLAMD: '/tmp/clamd.sock' }).clamd).toEqual({ socket: '/tmp/clamd.sock' });
  });

  it('refuses a bad setting with one readable message naming it', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });
});
