// Test support: a clamd with the project's local test signatures (scripts/clamav), started once per test file
// unless LANTAI_CLAMD_SOCKET points at one already (as .ci/run does).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLAMAV_SCRIPTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../../scripts/clamav');
export const TEST_DB = path.join(CLAMAV_SCRIPTS, 'db');

/** The EICAR test string, rebuilt from the hex of our .ndb signature (so no source file carries it literally). */
export function eicar(): Buffer {
  const line = fs
    .readFileSync(path.join(TEST_DB, 'lantai-test.ndb'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Eicar-Test-Signature:'))!;
  return Buffer.from(line.split(':')[3]!.trim(), 'hex');
}

/**
 * The shared test clamd (LANTAI_CLAMD_SOCKET) or one of our own; `conf` (e.g. { StreamMaxLength: '1M',
 * ReadTimeout: 2 }) always starts our own, with those options before the script's.
 */
export function startTestClamd(conf?: Record<string, string | number>): { socket: string; pid?: number; stop(): void } {
  if (process.env.LANTAI_CLAMD_SOCKET && !conf) return { socket: process.env.LANTAI_CLAMD_SOCKET, stop: () => {} };
  const extra = Object.entries(conf ?? {})
    .map(([k, v]) => `${k} ${v}`)
    .join('\n');
  const out = execFileSync('bash', [path.join(CLAMAV_SCRIPTS, 'start-test-clamd.sh')], {
    encoding: 'utf8',
    timeout: 90_000,
    env: { ...process.env, CLAMD_CONF_EXTRA: extra },
  });
  const vars = Object.fromEntries(
    out
      .trim()
      .split('\n')
      .map((l) => l.split('=') as [string, string]),
  );
  const socket = vars.LANTAI_CLAMD_SOCKET!;
  const pid = vars.LANTAI_CLAMD_PID!;
  return {
    socket,
    pid: Number(pid),
    stop: () => execFileSync('bash', [path.join(CLAMAV_SCRIPTS, 'stop-test-clamd.sh'), pid, socket], { timeout: 30_000 }),
  };
}

/**
 * A unix-socket proxy in front of clamd, to break sessions on purpose: cut() drops every open connection (as a
 * clamd restart or its idle timeout would); with `stall`, replies on IDSESSION connections are swallowed (a stuck
 * clamd that still answers VERSION and STATS); `cutAt` cuts every connection as the n-th INSTREAM goes through.
 * `connections`, `sessions` and `requests` count what went through.
 */
export function clamdProxy(target: string, socket: string) {
  const open = new Set<net.Socket>();
  const state = { connections: 0, sessions: 0, requests: 0, stall: false, cutAt: [] as number[] };
  const cut = () => [...open].forEach((s) => s.destroy());
  const server = net.createServer((client) => {
    state.connections++;
    const up = net.createConnection(target);
    let session: boolean | undefined;
    open.add(client).add(up);
    const drop = () => {
      client.destroy();
      up.destroy();
      open.delete(client);
      open.delete(up);
    };
    client.on('data', (b) => {
      if (session === undefined) {
        session = b.subarray(0, 11).toString('latin1') === 'zIDSESSION\0';
        if (session) state.sessions++;
      }
      up.write(b);
      for (let i = b.indexOf('zINSTREAM\0'); i >= 0; i = b.indexOf('zINSTREAM\0', i + 1)) if (state.cutAt.includes(++state.requests)) cut();
    });
    up.on('data', (b) => {
      if (!(state.stall && session)) client.write(b);
    });
    for (const s of [client, up]) s.on('error', drop).on('close', drop);
  });
  server.listen(socket);
  return {
    socket,
    state,
    cut,
    close: () =>
      new Promise<void>((res) => {
        open.forEach((s) => s.destroy());
        server.close(() => res());
      }),
  };
}
