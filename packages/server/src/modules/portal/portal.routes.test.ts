import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { archivedRecords, openAndPublish, queue } from '../open-review/open-review.test-kit.ts';
import { pdfPages, scanJpeg, uploadFile } from './portal.test-kit.ts';

let t: TestApp;
let a1: Awaited<ReturnType<typeof signedIn>>;
let a2: Awaited<ReturnType<typeof signedIn>>;
let opened: string;
let unopened: string;
let withFiles: { recordId: string; image: string; pdf: string; hidden: string };
beforeAll(async () => {
  t = await buildTestApp({ env: { LANTAI_DATA_DIR: `/tmp/lantai-portal-test-${process.pid}`, LANTAI_PUBLIC_RATE_LIMIT: '100000' } });
  a1 = await signedIn(t, ['archivist']);
  a2 = await signedIn(t, ['archivist']);
  const f = await archivedRecords(t, a1.headers, [{ title: '关于兴修水利工程的报告' }, { title: '关于干部任免的未开放材料' }, { title: '水利局影像材料' }]);
  [opened, unopened] = f.ids as [string, string];
  const recordId = f.ids[2]!;
  const image = await uploadFile(t, a1.headers, recordId, '扫描件.jpg', await scanJpeg());
  const pdf = await uploadFile(t, a1.headers, recordId, '报告.pdf', await pdfPages(3));
  const hidden = await uploadFile(t, a1.headers, unopened, '未开放.jpg', await scanJpeg(300, 400));
  withFiles = { recordId, image, pdf, hidden };
  const [r0, , r2] = await queue(t, f.ids);
  await openAndPublish(t, a1.headers, a2.headers, [r0!, r2!]);
});
afterAll(async () => { await t.close(); });

const get = (url: string, remoteAddress = '203.0.113.7') => t.app.inject({ method: 'GET', url, remoteAddress });

describe('portal search and record pages', () => {
  it('finds only published records, without signing in', async () => {
    const r = await get(`/api/public/records?q=${encodeURIComponent('水利')}`);
    expect(r.statusCode).toBe(200);
    expect(r.json().items.map((i: { id: string }) => i.id).sort()).toEqual([opened, withFiles.recordId].sort());
    expect((await get(`/api/public/records?q=${encodeURIComponent('干部任免')}`)).json()).toEqual({ items: [], total: 0 });
    expect((await get(`/api/public/records?q=${encodeURIComponent('%_\\')}`)).json().total).toBe(0);
    const rec = (await get(`/api/public/records/${withFiles.recordId}`)).json();
    expect(rec.files.map((x: { id: string; kind: string }) => [x.id, x.kind])).toEqual([[withFiles.image, 'image'], [withFiles.pdf, 'pdf']]);
  });

  it('answers an unopened, a non-existent, a malformed and a withdrawn record id with the same 404 body', async () => {
    const strip = (b: string) => { const j = JSON.parse(b); delete j.requestId; return j; };
    const bodies = [];
    for (const id of [unopened, randomUUID(), 'not-a-uuid', '../../etc', unopened.toUpperCase()]) {
      const r = await get(`/api/public/records/${encodeURIComponent(id)}`);
      expect(r.statusCode).toBe(404);
      bodies.push(strip(r.body));
    }
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(bodies[0]).toEqual({ code: 'not_found', message: '资源不存在' });
    // An unopened record's file is as missing as the record.
    expect((await get(`/api/public/files/${withFiles.hidden}/pages`)).statusCode).toBe(404);
    expect((await get(`/api/public/iiif/${withFiles.hidden}~1/info.json`)).statusCode).toBe(404);
  });
});

describe('viewer (IIIF Image API 3)', () => {
  it('describes an image and serves regions, sizes, rotations and formats', async () => {
    const info = await get(`/api/public/iiif/${withFiles.image}~1/info.json`);
    expect(info.statusCode).toBe(200);
    const j = JSON.parse(info.body);
    expect(j).toMatchObject({ type: 'ImageService3', profile: 'level1', width: 1200, height: 1700, tiles: [{ width: 512 }] });
    expect(j.id).toMatch(new RegExp(`/api/public/iiif/${withFiles.image}~1$`));
    const tile = await get(`/api/public/iiif/${withFiles.image}~1/512,512,512,512/256,/0/default.jpg`);
    expect(tile.headers['content-type']).toBe('image/jpeg');
    expect(await sharp(tile.rawPayload).metadata()).toMatchObject({ width: 256, height: 256, format: 'jpeg' });
    const rotated = await get(`/api/public/iiif/${withFiles.image}~1/full/!300,300/90/gray.png`);
    expect(await sharp(rotated.rawPayload).metadata()).toMatchObject({ width: 300, height: 212, format: 'png' });
    for (const bad of ['full/2400,/0/default.jpg', 'full/max/45/default.jpg', 'full/max/0/default.gif', '0,0,0,0/max/0/default.jpg', 'x/max/0/default.jpg']) {
      const r = await get(`/api/public/iiif/${withFiles.image}~1/${bad}`);
      expect([bad, r.statusCode, r.json().code]).toEqual([bad, 400, 'iiif_bad_request']);
    }
    expect((await get(`/api/public/iiif/${withFiles.image}~2/info.json`)).statusCode).toBe(404);
  });

  it('renders PDF pages as IIIF images', async () => {
    const p = (await get(`/api/public/files/${withFiles.pdf}/pages`)).json();
    expect(p.pages).toBe(3);
    expect(p.iiif[2]).toBe(`/api/public/iiif/${withFiles.pdf}~3/info.json`);
    const info = JSON.parse((await get(p.iiif[2])).body);
    // A4 at 150 dpi (poppler rounds 1240.2 up).
    expect([Math.abs(info.width - 1240) <= 1, info.height]).toEqual([true, 1754]);
    const img = await get(`/api/public/iiif/${withFiles.pdf}~3/full/620,/0/default.webp`);
    expect(await sharp(img.rawPayload).metadata()).toMatchObject({ width: 620, format: 'webp' });
    expect((await get(`/api/public/iiif/${withFiles.pdf}~4/info.json`)).statusCode).toBe(404);
  });
});

describe('notices', () => {
  it('keeps notices as plain text, shows only published ones, and strips control characters', async () => {
    const xss = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">\u0007公告正文';
    const made = await t.app.inject({ method: 'POST', url: '/api/notices', headers: a1.headers, payload: { title: '<b>开放通知</b>', body: xss, published: false } });
    expect(made.statusCode).toBe(200);
    const n = made.json();
    expect(n.body).toBe(xss.replace('\u0007', ''));
    expect((await get(`/api/public/notices/${n.id}`)).statusCode).toBe(404);
    const pub = await t.app.inject({ method: 'PATCH', url: `/api/notices/${n.id}`, headers: a1.headers, payload: { version: n.version, published: true } });
    expect(pub.json().published).toBe(true);
    const stale = await t.app.inject({ method: 'PATCH', url: `/api/notices/${n.id}`, headers: a1.headers, payload: { version: n.version, title: 'x' } });
    expect(stale.json().code).toBe('stale_version');
    const one = await get(`/api/public/notices/${n.id}`);
    expect(one.headers['content-type']).toContain('application/json');
    expect(one.json()).toMatchObject({ title: '<b>开放通知</b>', body: xss.replace('\u0007', '') });
    expect((await get('/api/public/notices')).json().items.map((x: { id: string }) => x.id)).toContain(n.id);
  });
});

describe('abuse', () => {
  it('rate-limits each public route per IP', async () => {
    const limited = await buildTestApp({ env: { LANTAI_PUBLIC_RATE_LIMIT: '5' } });
    try {
      const codes = [];
      for (let i = 0; i < 7; i++) codes.push((await limited.app.inject({ url: '/api/public/records?q=x', remoteAddress: '198.51.100.1' })).statusCode);
      expect(codes).toEqual([200, 200, 200, 200, 200, 429, 429]);
      const r = await limited.app.inject({ url: '/api/public/records?q=x', remoteAddress: '198.51.100.1' });
      expect(r.json().code).toBe('rate_limited');
      expect((await limited.app.inject({ url: '/api/public/records?q=x', remoteAddress: '198.51.100.2' })).statusCode).toBe(200);
      expect((await limited.app.inject({ url: `/api/public/records/${randomUUID()}`, remoteAddress: '198.51.100.1' })).statusCode).toBe(404);
    } finally {
      await limited.close();
    }
  });
});

describe('publication reaches the portal at once', () => {
  it('a newly published record is found right after publishing, and a withdrawn one is the same 404 again', async () => {
    expect((await get(`/api/public/records/${unopened}`)).statusCode).toBe(404); // cached as missing
    const [review] = await t.c.db.selectFrom('open_reviews').select('id').where('record_id', '=', unopened).where('stage', '<>', 'decided').execute();
    await openAndPublish(t, a1.headers, a2.headers, [review!.id]);
    expect((await get(`/api/public/records/${unopened}`)).json().title).toBe('关于干部任免的未开放材料');
    const rec = (await t.app.inject({ url: `/api/records/${unopened}`, headers: a1.headers })).json();
    await t.app.inject({ method: 'PATCH', url: `/api/records/${unopened}`, headers: a1.headers, payload: { version: rec.version, openStatus: 'deferred' } });
    expect((await get(`/api/public/records/${unopened}`)).statusCode).toBe(200); // still published until the next publication
    expect((await t.app.inject({ method: 'POST', url: '/api/open-review/publish', headers: a1.headers })).json().withdrawn).toBe(1);
    const gone = await get(`/api/public/records/${unopened}`);
    expect([gone.statusCode, gone.json().code]).toEqual([404, 'not_found']);
    expect((await get(`/api/public/records?q=${encodeURIComponent('干部任免')}`)).json().total).toBe(0);
  });
});
