import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { virusScanCheck } from './virus.check.js';
import { ClamdPool } from '../analyzers/clamd.pool.js';
import { mapLimit } from '../analyzers/per-file.js';
import { ctxOf, fileOf, pkgOf, tempDir } from '../analyzers/test-support.js';
import { clamdProxy, eicar, startTestClamd } from '../analyzers/test-clamd.js';

// The clamd session pool (analyzers/clamd.pool.ts + clamd.session.ts) against a real clamd: many files over one
// IDSESSION with replies matched by request id, sessions cut under running scans, clamd's own idle timeout and
// size limit, a stuck clamd, and SCAN by path.

let clamd: ReturnType<typeof startTestClamd>;
let strict: ReturnType<typeof startTestClamd>; // ReadTimeout 2 s and StreamMaxLength 1 MiB
const tmp = tempDir();
const signal = new AbortController().signal;
beforeAll(() => {
  clamd = startTestClamd();
  strict = startTestClamd({ ReadTimeout: 2, StreamMaxLength: '1M' });
}, 180_000);
afterAll(() => {
  clamd?.stop();
  strict?.stop();
  tmp.remove();
});

/** n files of 1 KB – 300 KB, every third with EICAR at a random offset; `bigFirst`: the first one 24 MB, clean. */
function mixedFiles(n: number, tag: string, bigFirst = false) {
  return Array.from({ length: n }, (_, i) => {
    const size = bigFirst && i === 0 ? 24 << 20 : 1_000 + ((i * 37_811) % 300_000);
    const infected = i % 3 === 1;
    const body = crypto.randomBytes(size);
    if (infected) eicar().copy(body, crypto.randomInt(0, size - 100));
    return { path: tmp.put(`${tag}/f${i}.bin`, body), infected };
  });
}

const verdicts = (rs: { status: string }[]) => rs.map((r) => r.status);

describe('clamd sessions (IDSESSION)', () => {
  it('scans many files pipelined over ONE session; every reply maps to its own file by request id', async () => {
    const proxy = clamdProxy(clamd.socket, `${tmp.dir}/one.sock`);
    const files = mixedFiles(40, 'one', true);
    const pool = new ClamdPool({ socket: proxy.socket }, { sessions: 1, perSession: 64, timeoutMs: 60_000, signal });
    const order: number[] = [];
    const results = await Promise.all(files.map((f, i) => pool.scanFile(f.path).then((r) => (order.push(i), r))));
    pool.close();
    await proxy.close();
    expect(verdicts(results)).toEqual(files.map((f) => (f.infected ? 'infected' : 'clean')));
    expect(proxy.state).toMatchObject({ connections: 1, sessions: 1 });
    expect(pool.stats).toEqual({ opened: 1, retried: 0, answered: 40 });
    // clamd answers each scan when its thread is done: the 24 MB file (sent first) is not answered first.
    expect(order[0]).not.toBe(0);
  });

  it('the check keeps one session per scan in flight, whatever the number of files', async () => {
    const proxy = clamdProxy(clamd.socket, `${tmp.dir}/check.sock`);
    const files = mixedFiles(30, 'check').slice(1);
    const rows = await virusScanCheck.run(
      ctxOf(pkgOf(files.map((f) => fileOf(f.path))), { concurrency: 3 }, { clamd: { socket: proxy.socket } }),
    );
    await proxy.close();
    expect(rows[0]!.evidence).toMatchObject({
      files: 29,
      fail: 10,
      pass: 19,
      clamd: { mode: 'stream', inFlight: 3, sessions: 3, retried: 0 },
    });
    expect(rows.slice(1).map((r) => r.subject)).toEqual(files.filter((f) => f.infected).map((f) => f.path.split('/').pop()));
    expect(proxy.state).toMatchObject({ sessions: 3, connections: 5 }); // + VERSION and STATS
  });

  it('sessions cut under running scans are re-opened and those scans retried; results stay right', async () => {
    const proxy = clamdProxy(clamd.socket, `${tmp.dir}/cut.sock`);
    const files = mixedFiles(30, 'cut').slice(1);
    proxy.state.cutAt = [8, 20]; // as the 8th and the 20th scan reach clamd, with others in flight
    const pool = new ClamdPool({ socket: proxy.socket }, { sessions: 3, timeoutMs: 60_000, signal });
    const results = await mapLimit(files, 3, signal, (f) => pool.scanFile(f.path));
    pool.close();
    await proxy.close();
    expect(verdicts(results)).toEqual(files.map((f) => (f.infected ? 'infected' : 'clean')));
    expect(pool.stats.opened).toBeGreaterThan(3);
    expect(pool.stats.retried).toBeGreaterThan(0);
  });

  it("clamd's own idle timeout (ReadTimeout) closes a session; the next scan opens a new one", async () => {
    const pool = new ClamdPool({ socket: strict.socket }, { sessions: 1, timeoutMs: 60_000, signal });
    const file = tmp.put('idle/e.bin', Buffer.concat([crypto.randomBytes(5_000), eicar()]));
    expect((await pool.scanFile(file)).status).toBe('infected');
    await new Promise((r) => setTimeout(r, 4_500));
    expect((await pool.scanFile(file)).status).toBe('infected');
    pool.close();
    expect(pool.stats.opened).toBe(2);
  });

  it("a file over clamd's StreamMaxLength is reported as such; the pool goes on with the next files", async () => {
    const pool = new ClamdPool({ socket: strict.socket }, { sessions: 1, timeoutMs: 60_000, signal });
    const big = tmp.put('limit/big.bin', crypto.randomBytes(3 << 20));
    const small = tmp.put('limit/small.bin', Buffer.concat([crypto.randomBytes(1_000), eicar()]));
    const r = await pool.scanFile(big);
    // clamd's answer ('INSTREAM size limit exceeded'), or — when it closed the socket before we read that — the close.
    expect(r).toMatchObject({ status: 'error', error: expect.stringMatching(/StreamMaxLength/) });
    expect((await pool.scanFile(small)).status).toBe('infected');
    pool.close();
    const rows = await virusScanCheck.run(ctxOf(pkgOf([fileOf(big), fileOf(small)]), {}, { clamd: { socket: strict.socket } }));
    expect(rows.slice(1).map((x) => [x.subject, x.outcome, x.evidence.code])).toEqual([
      ['big.bin', 'fail', 'virus.not-scanned'],
      ['small.bin', 'fail', 'virus.found'],
    ]);
  });

  it('finds EICAR across chunk boundaries (small chunks) and sends files of exactly n chunks right', async () => {
    const pool = new ClamdPool({ socket: clamd.socket }, { sessions: 2, timeoutMs: 60_000, signal, chunkBytes: 4_096 });
    const across = tmp.put('chunks/across.bin', Buffer.concat([crypto.randomBytes(4_090), eicar(), crypto.randomBytes(9_000)]));
    const exact = tmp.put('chunks/exact.bin', crypto.randomBytes(8_192));
    const empty = tmp.put('chunks/empty.bin', Buffer.alloc(0));
    expect(verdicts([await pool.scanFile(across), await pool.scanFile(exact), await pool.scanFile(empty)])).toEqual([
      'infected',
      'clean',
      'clean',
    ]);
    pool.close();
  });

  it('a stuck clamd (answers VERSION, never a scan) times out per file; clamd down fails at once without retries', async () => {
    const proxy = clamdProxy(clamd.socket, `${tmp.dir}/stuck.sock`);
    proxy.state.stall = true;
    const files = mixedFiles(4, 'stuck')
      .slice(1)
      .map((f) => fileOf(f.path));
    const rows = await virusScanCheck.run(ctxOf(pkgOf(files), { timeoutMs: 500 }, { clamd: { socket: proxy.socket } }));
    await proxy.close();
    expect(rows[0]!.evidence).toMatchObject({ files: 3, fail: 3 });
    for (const r of rows.slice(1))
      expect(r.evidence).toMatchObject({ code: 'virus.not-scanned', error: 'clamd did not answer within 500 ms' });
    const down = new ClamdPool({ socket: `${tmp.dir}/nothing.sock` }, { sessions: 2, timeoutMs: 60_000, signal });
    expect(await down.scanFile(files[0]!.absPath)).toMatchObject({ status: 'error', error: expect.stringMatching(/ENOENT/) });
    expect(down.stats.retried).toBe(0);
  });

  it("mode 'path' (SCAN): clamd on this machine reads the file itself", async () => {
    const files = mixedFiles(7, 'path').slice(1);
    const rows = await virusScanCheck.run(
      ctxOf(pkgOf(files.map((f) => fileOf(f.path))), { mode: 'path' }, { clamd: { socket: clamd.socket } }),
    );
    expect(rows[0]!.evidence).toMatchObject({ files: 6, fail: 2, pass: 4, clamd: { mode: 'path' } });
    expect(rows[1]!.evidence).toMatchObject({ code: 'virus.found', signature: expect.stringMatching(/^Eicar-Test-Signature/) });
  });
});
