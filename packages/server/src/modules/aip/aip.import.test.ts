import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { archivedRecord, multipart } from './aip.test-kit.ts';

// Two archives with separate databases AND separate object stores: an AIP exported from A is
// re-imported into B, and B then holds the same records, files (bytes), history and metadata.
let a: TestApp;
let b: TestApp;
let ha: Record<string, string>;
let hb: Record<string, string>;
beforeAll(async () => {
  a = await buildTestApp();
  b = await buildTestApp({ env: { LANTAI_DATA_DIR: await mkdtemp(path.join(os.tmpdir(), 'lantai-b-')) } });
  ha = (await signedIn(a, ['archivist'], { clearance: 'juemi' })).headers;
  hb = (await signedIn(b, ['archivist'], { clearance: 'juemi' })).headers;
});
afterAll(async () => {
  await a?.close();
  await b?.close();
});

const PDF = Buffer.from('%PDF-1.4\n% 兰台 export test\n%%EOF\n');
const TXT = Buffer.from('附件内容 — re-import must keep these bytes\n');
const strip = (x: Record<string, unknown>) => {
  const { fileCount: _f, ...rest } = x;
  return rest;
};

async function exportAip(id: string) {
  const built = await a.c.aip.aips.build(id, 'tester');
  const res = await a.app.inject({ method: 'GET', url: `/api/records/${id}/aips/${built.aip!.version}/content`, headers: ha });
  expect(res.statusCode).toBe(200);
  return res.rawPayload;
}
const importInto = (t: TestApp, h: Record<string, string>, tar: Buffer, name = 'aip.tar') => {
  const m = multipart(name, tar, 'application/x-tar');
  return t.app.inject({ method: 'POST', url: '/api/aips/import', headers: { ...h, ...m.headers }, payload: m.payload });
};

describe('AIP export and re-import', () => {
  it('re-imports losslessly into another archive: records, files, history and metadata identical', async () => {
    const r = await archivedRecord(a.app, ha, [['正文.pdf', PDF], ['附件.txt', TXT]], { subjects: ['档案', '数字化'], remarks: '附注' });
    const tar = await exportAip(r.id);
    const res = await importInto(b, hb, tar);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ recordId: r.id, records: 1, files: 2, aip: { version: 1, origin: 'imported' }, bag: { valid: true } });

    const get = (t: TestApp, h: Record<string, string>, url: string) => t.app.inject({ method: 'GET', url, headers: h }).then((x) => x.json());
    const ra = await get(a, ha, `/api/records/${r.id}`);
    const rb = await get(b, hb, `/api/records/${r.id}`);
    expect({ ...strip(rb), fondsId: null, categoryId: null, schemeId: null }).toEqual({ ...strip(ra), fondsId: null, categoryId: null, schemeId: null });
    expect((await get(b, hb, `/api/records/${r.id}/history`)).items).toEqual((await get(a, ha, `/api/records/${r.id}/history`)).items);
    const fa = (await get(a, ha, `/api/records/${r.id}/files`)).items;
    const fb = (await get(b, hb, `/api/records/${r.id}/files`)).items;
    expect(fb).toEqual(fa);
    for (const f of fb) {
      const ca = await a.app.inject({ method: 'GET', url: `/api/records/${r.id}/files/${f.id}/content`, headers: ha });
      const cb = await b.app.inject({ method: 'GET', url: `/api/records/${r.id}/files/${f.id}/content`, headers: hb });
      expect(cb.statusCode).toBe(200);
      expect(cb.rawPayload).toEqual(ca.rawPayload);
    }
    // The imported AIP is kept byte for byte, and rebuilding it in B finds nothing changed.
    const list = (await get(b, hb, `/api/records/${r.id}/aips`)).items;
    expect(list).toHaveLength(1);
    const again = await b.c.aip.aips.build(r.id, 'tester');
    expect(again.built).toBe(false);
    // The 档号 counter in B continues after the imported number.
    const fonds = await b.c.db.selectFrom('records').select('counter_key').where('id', '=', r.id).executeTakeFirstOrThrow();
    const counter = await b.c.db.selectFrom('item_counters').select('last_no').where('counter_key', '=', fonds.counter_key).executeTakeFirstOrThrow();
    expect(counter.last_no).toBeGreaterThanOrEqual(ra.seqNo);
  });

  it('refuses the same AIP twice (409) and changes nothing', async () => {
    const r = await archivedRecord(a.app, ha, [['x.txt', TXT]]);
    const tar = await exportAip(r.id);
    expect((await importInto(b, hb, tar)).statusCode).toBe(200);
    const before = await b.c.db.selectFrom('record_files').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const again = await importInto(b, hb, tar);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('aip_record_exists');
    const after = await b.c.db.selectFrom('record_files').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('a bag whose payload was altered is refused as invalid, with the failing file named, and leaves no rows or objects', async () => {
    const r = await archivedRecord(a.app, ha, [['y.txt', Buffer.from('original bytes of y\n')]]);
    const tar = Buffer.from(await exportAip(r.id));
    const at = tar.indexOf('original bytes of y');
    tar.write('ORIGINAL', at);
    const res = await importInto(b, hb, tar);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('aip_invalid_bag');
    expect(JSON.stringify(res.json().issues)).toContain('y.txt');
    expect(await b.c.db.selectFrom('records').select('id').where('id', '=', r.id).executeTakeFirst()).toBeUndefined();
  });

  it('something that is not a tar is refused cleanly', async () => {
    const res = await importInto(b, hb, Buffer.from('this is not a tar file at all'.repeat(40)));
    expect(res.statusCode).toBe(400);
    expect(['aip_unsupported_package', 'aip_invalid_bag']).toContain(res.json().code);
  });

  it('validate reports on any bag without importing it', async () => {
    const r = await archivedRecord(a.app, ha, [['z.txt', TXT]]);
    const m = multipart('z.tar', await exportAip(r.id), 'application/x-tar');
    const res = await b.app.inject({ method: 'POST', url: '/api/aips/validate', headers: { ...hb, ...m.headers }, payload: m.payload });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ valid: true, version: '1.0', errors: [] });
    expect(await b.c.db.selectFrom('records').select('id').where('id', '=', r.id).executeTakeFirst()).toBeUndefined();
  });
});
