import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { virusScanCheck, virusScannerCheck } from './virus.check.js';
import { ctxOf, fileOf, leftInPrivateTmp, pkgOf, td, tempDir } from '../analyzers/test-support.js';
import { eicar, startTestClamd, TEST_DB } from '../analyzers/test-clamd.js';

const V = 'archivematica/TestTransfers/virusTests/';
let clamd: ReturnType<typeof startTestClamd>;
const tmp = tempDir();
beforeAll(() => {
  clamd = startTestClamd();
}, 120_000);
afterAll(() => {
  clamd?.stop();
  tmp.remove();
});

const services = () => ({ clamd: { socket: clamd.socket, databaseDirectory: TEST_DB } });

describe('virus checks with clamd and the local test signature database', () => {
  it('GD-4-1: reports the scanner with its version and signature database', async () => {
    const [r] = await virusScannerCheck.run(ctxOf(pkgOf([]), {}, services()));
    expect(r).toMatchObject({ outcome: 'pass', evidence: { tool: 'clamd', engine: expect.stringMatching(/^ClamAV \d+\.\d+/) } });
    expect(r!.evidence.signatureFiles).toEqual([{ name: 'lantai-test.ndb', size: expect.any(Number), signatures: 1 }]);
    expect(r!.zh).toContain('1 条特征');
  });

  it('GD-4-2: EICAR files (plain and inside a zip) fail with a quarantine flag; clean files pass', async () => {
    const files = ['test.1M.eicar.with-virus', 'test.zip.eicar.with-virus.zip', 'test.1M.null.no-virus', 'test.zero.byte.no-virus'].map(
      (n) => fileOf(td(V + n)),
    );
    let rows: Awaited<ReturnType<typeof virusScanCheck.run>> = [];
    const left = await leftInPrivateTmp(async () => {
      rows = await virusScanCheck.run(ctxOf(pkgOf(files), {}, services()));
    });
    expect(left).toEqual([]);
    expect(rows[0]).toMatchObject({ outcome: 'fail', evidence: { files: 4, pass: 2, fail: 2, tool: 'clamd' } });
    const infected = rows.slice(1);
    expect(infected.map((r) => r.subject)).toEqual(['test.1M.eicar.with-virus', 'test.zip.eicar.with-virus.zip']);
    for (const r of infected)
      expect(r.evidence).toMatchObject({
        code: 'virus.found',
        quarantine: true,
        signature: expect.stringMatching(/^Eicar-Test-Signature/),
      });
  });

  it('finds a generated EICAR inside a larger file (chunk boundaries: virus.check.sessions.test.ts)', async () => {
    const body = Buffer.concat([crypto.randomBytes(65_530), eicar(), crypto.randomBytes(100_000)]);
    const infected = fileOf(tmp.put('big.bin', body));
    const clean = fileOf(tmp.put('clean.bin', crypto.randomBytes(300_000)));
    const rows = await virusScanCheck.run(ctxOf(pkgOf([infected, clean]), {}, services()));
    expect(rows.slice(1).map((r) => [r.subject, r.evidence.code])).toEqual([['big.bin', 'virus.found']]);
  });

  it('a scanner that is down or not configured fails both items, or is skipped when the settings say so', async () => {
    const down = { clamd: { socket: `${tmp.dir}/no-such-clamd.sock` } };
    const files = [fileOf(td(`${V}test.1M.null.no-virus`))];
    const [a] = await virusScannerCheck.run(ctxOf(pkgOf(files), {}, down));
    expect(a).toMatchObject({ outcome: 'fail', evidence: { tool: 'clamd', version: null } });
    expect(a!.en).toMatch(/not available: unix:.*no-such-clamd\.sock/);
    const [b] = await virusScanCheck.run(ctxOf(pkgOf(files), { whenUnavailable: 'skipped' }, down));
    expect(b!.outcome).toBe('skipped');
    const [c] = await virusScanCheck.run(ctxOf(pkgOf(files), {}, {}));
    expect(c).toMatchObject({ outcome: 'fail', evidence: { configured: false } });
  });
});
