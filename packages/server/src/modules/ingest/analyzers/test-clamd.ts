// Test support: a clamd with the project's local test signatures (scripts/clamav), started once per test file
// unless LANTAI_CLAMD_SOCKET points at one already (as .ci/run does).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
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

export function startTestClamd(): { socket: string; stop(): void } {
  if (process.env.LANTAI_CLAMD_SOCKET) return { socket: process.env.LANTAI_CLAMD_SOCKET, stop: () => {} };
  const out = execFileSync('bash', [path.join(CLAMAV_SCRIPTS, 'start-test-clamd.sh')], { encoding: 'utf8', timeout: 90_000 });
  const vars = Object.fromEntries(
    out
      .trim()
      .split('\n')
      .map((l) => l.split('=') as [string, string]),
  );
  const socket = vars.LANTAI_CLAMD_SOCKET!;
  const pid = vars.LANTAI_CLAMD_PID!;
  return { socket, stop: () => execFileSync('bash', [path.join(CLAMAV_SCRIPTS, 'stop-test-clamd.sh'), pid, socket], { timeout: 30_000 }) };
}
