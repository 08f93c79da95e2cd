import http from 'node:http';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { buildFonds, wsRecord } from '../../../test/catalogue-factory.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t?.close());

interface Got { status: number; chunks: number; bytes: number; firstAt: number; endAt: number }

it('streams a large 目录 over a real socket, and a client that hangs up ends the snapshot transaction', async () => {
  const a = await signedIn(t, ['archivist']);
  const { categoryId } = await buildFonds(t.app, a.headers);
  const first = (await t.app.inject({ method: 'POST', url: '/api/records', headers: a.headers, payload: wsRecord(categoryId) })).json();
  // 2,999 more 件 of the same class, cloned in SQL for speed (numbering is tested elsewhere).
  await sql`insert into records (fonds_id, category_id, scheme_id, kind, archival_code, counter_key, seq_no, title, responsible, doc_number, doc_date,
      year, retention, org_code, catalogue_no, security, secrecy_period, pages, open_status, remarks, subjects, scope_code, extra, created_by)
    select fonds_id, category_id, scheme_id, kind, regexp_replace(archival_code, '\\d{4}$', lpad(g::text, 4, '0')), counter_key, g, title || g, responsible,
      doc_number, doc_date, year, retention, org_code, catalogue_no, security, secrecy_period, pages, open_status, remarks, subjects, scope_code, extra, created_by
    from records, generate_series(2, 3000) g where id = ${first.id}`.execute(t.c.db);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as { port: number };
  const get = (hangUpAfter = Infinity) => new Promise<Got>((resolve, reject) => {
    const t0 = Date.now();
    const got: Got = { status: 0, chunks: 0, bytes: 0, firstAt: 0, endAt: 0 };
    const req = http.get({ port, host: '127.0.0.1', path: `/api/print/catalogue?categoryId=${categoryId}&year=2021&retention=Y&orgCode=BGS`, headers: { cookie: a.cookie } }, (res) => {
      got.status = res.statusCode ?? 0;
      res.on('data', (c: Buffer) => {
        if (!got.chunks++) got.firstAt = Date.now() - t0;
        got.bytes += c.length;
        if (got.bytes > hangUpAfter) {
          req.destroy();
          resolve(got);
        }
      });
      res.on('end', () => resolve({ ...got, endAt: Date.now() - t0 }));
    });
    req.on('error', (e) => (hangUpAfter === Infinity ? reject(e) : undefined));
  });

  const full = await get();
  expect(full.status).toBe(200);
  expect(full.chunks).toBeGreaterThan(10);
  expect(full.firstAt).toBeLessThan(full.endAt);

  const cut = await get(30_000);
  expect(cut.bytes).toBeLessThan(full.bytes);
  let idle = 1;
  for (let i = 0; i < 50 && idle > 0; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const r = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`.execute(t.c.db);
    idle = r.rows[0]?.n ?? 0;
  }
  expect(idle).toBe(0);
  expect((await get()).bytes).toBe(full.bytes);
}, 120_000);
