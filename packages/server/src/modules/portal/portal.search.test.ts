import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { archivedRecords, openAndPublish, queue } from '../open-review/open-review.test-kit.ts';
import { createRecordSnapshot } from './portal.records.ts';

// Portal search goes through the search port (public scope, published only): words inside longer words, 繁/简 and
// pinyin find published records; opened-but-unpublished, unopened and redacted-away words find nothing.
let t: TestApp;
let ids: Record<'water' | 'gov' | 'openOnly' | 'pending' | 'redacted', string>;
beforeAll(async () => {
  t = await buildTestApp({ env: { LANTAI_PUBLIC_RATE_LIMIT: '100000' } });
  const a1 = await signedIn(t, ['archivist']);
  const a2 = await signedIn(t, ['archivist']);
  const f = await archivedRecords(t, a1.headers, [
    { title: '关于兴修水利工程的报告' },
    { title: '山西省人民政府关于防汛工作的通知' },
    { title: '关于灌区改造的请示' },
    { title: '关于水利会议的纪要' },
    { title: '关于某某干部违纪处理的决定' },
  ]);
  const [water, gov, openOnly, pending, redacted] = f.ids as [string, string, string, string, string];
  ids = { water, gov, openOnly, pending, redacted };
  const reviews = await queue(t, f.ids);
  await openAndPublish(t, a1.headers, a2.headers, [reviews[0]!, reviews[1]!]);
  await openAndPublish(t, a1.headers, a2.headers, [reviews[4]!], 'redacted', { title: '关于干部处理的决定（删节）' });
  // Opened in the catalogue (开放状态 open) but never published: the portal must not know it.
  const rec = (await t.app.inject({ url: `/api/records/${openOnly}`, headers: a1.headers })).json();
  const patched = await t.app.inject({ method: 'PATCH', url: `/api/records/${openOnly}`, headers: a1.headers, payload: { version: rec.version, openStatus: 'open' } });
  expect(patched.statusCode).toBe(200);
  await t.c.search.indexer.drain();
});
afterAll(async () => { await t?.close(); });

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, remoteAddress: '203.0.113.9', headers });
const found = async (q: string) => {
  const r = await get(`/api/public/records?q=${encodeURIComponent(q)}`);
  expect(r.statusCode).toBe(200);
  const j = r.json() as { items: Array<{ id: string; title: string; redacted: boolean }>; total: number };
  expect(j.total).toBe(j.items.length);
  return j.items.map((i) => i.id).sort();
};

describe('portal search through the search port', () => {
  it('segments Chinese, folds 繁/简 and reads pinyin', async () => {
    expect(await found('人民政府')).toEqual([ids.gov]);
    expect(await found('關於防汛')).toEqual([ids.gov]);
    expect(await found('fangxun')).toEqual([ids.gov]);
    expect(await found('兴修 工程')).toEqual([ids.water]);
    expect(await found('興修水利')).toEqual([ids.water]);
  });

  it('finds only published records: not the opened-but-unpublished, not the unopened, not redacted-away words', async () => {
    expect(await found('水利')).toEqual([ids.water]);
    expect(await found('灌区')).toEqual([]);
    expect(await found('违纪')).toEqual([]);
    expect(await found('删节')).toEqual([ids.redacted]);
    const all = (await get('/api/public/records')).json() as { items: Array<{ id: string; redacted: boolean }>; total: number };
    expect(all.items.map((i) => i.id).sort()).toEqual([ids.water, ids.gov, ids.redacted].sort());
    expect(all.total).toBe(3);
    expect(all.items.find((i) => i.id === ids.redacted)?.redacted).toBe(true);
    expect(await found('%_\\')).toEqual([]);
  });

  it('pages across the opened and the redacted hits', async () => {
    const page = async (offset: number) => (await get(`/api/public/records?q=${encodeURIComponent('关于')}&limit=1&offset=${offset}`)).json() as { items: Array<{ id: string }>; total: number };
    const seen = [];
    for (let o = 0; o < 3; o++) {
      const p = await page(o);
      expect(p.total).toBe(3);
      seen.push(...p.items.map((i) => i.id));
    }
    expect(seen.sort()).toEqual([ids.water, ids.gov, ids.redacted].sort());
    expect((await page(3)).items).toEqual([]);
  });

  it('gives the same 404 for an opened-but-unpublished, an unopened and a missing id', async () => {
    const bodies = new Set<string>();
    for (const id of [ids.openOnly, ids.pending, randomUUID()]) {
      const r = await get(`/api/public/records/${id}`);
      expect(r.statusCode).toBe(404);
      bodies.add(JSON.stringify({ ...r.json(), requestId: undefined }));
    }
    expect(bodies.size).toBe(1);
  });
});

describe('record pages', () => {
  it('carry an ETag and answer a matching If-None-Match with 304', async () => {
    const r = await get(`/api/public/records/${ids.water}`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('application/json');
    expect(r.headers['cache-control']).toBe('public, max-age=60');
    const etag = r.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(r.json()).toMatchObject({ id: ids.water, title: '关于兴修水利工程的报告', files: [] });
    const again = await get(`/api/public/records/${ids.water}`, { 'if-none-match': etag });
    expect([again.statusCode, again.body]).toEqual([304, '']);
    expect((await get(`/api/public/records/${ids.gov}`, { 'if-none-match': etag })).statusCode).toBe(200);
    const search = await get(`/api/public/records?q=${encodeURIComponent('水利')}`);
    expect((await get(`/api/public/records?q=${encodeURIComponent('水利')}`, { 'if-none-match': search.headers.etag as string })).statusCode).toBe(304);
  });
});

describe('record snapshot', () => {
  it('beyond its capacity falls back to per-id reads, and picks up another process\'s publication', async () => {
    const small = createRecordSnapshot(t.c.db, { capacity: 1 });
    const s1 = await small.snapshot();
    expect([s1.map.size, s1.complete]).toEqual([1, false]);
    expect(JSON.parse((await small.one(ids.gov))!.json)).toMatchObject({ id: ids.gov, title: '山西省人民政府关于防汛工作的通知' });
    expect(await small.one(ids.openOnly)).toBeNull();

    const snap = createRecordSnapshot(t.c.db, { checkMs: 0 });
    const before = (await snap.snapshot()).map.get(ids.water)!;
    // Another API process published again (here: straight in the table); this one notices by the signature.
    const at = new Date(Date.now() + 60_000);
    await t.c.db.updateTable('portal_records').set({ published_at: at }).where('record_id', '=', ids.water).execute();
    await expect.poll(async () => JSON.parse((await snap.snapshot()).map.get(ids.water)!.json).publishedAt).toBe(at.toISOString());
    expect((await snap.snapshot()).map.get(ids.water)!.etag).not.toBe(before.etag);
  });
});
