import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { buildFonds, wsRecord } from '../../../test/catalogue-factory.ts';
import { cjkFont } from '../../platform/pdf/cjk-font.ts';

let t: TestApp;
let arch: Awaited<ReturnType<typeof signedIn>>;
let f1: Awaited<ReturnType<typeof buildFonds>>;
let f2: Awaited<ReturnType<typeof buildFonds>>;

beforeAll(async () => {
  t = await buildTestApp({ env: { LANTAI_DATA_DIR: `/tmp/lantai-search-test-${process.pid}` } });
  arch = await signedIn(t, ['archivist'], { clearance: 'juemi' });
  f1 = await buildFonds(t.app, arch.headers);
  f2 = await buildFonds(t.app, arch.headers);
});
afterAll(async () => t.close());

const create = async (categoryId: string, over: Record<string, unknown>) => {
  const r = await t.app.inject({ method: 'POST', url: '/api/records', headers: arch.headers, payload: wsRecord(categoryId, over) });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { id: string; version: number };
};
const search = (headers: Record<string, string>, body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/search', headers, payload: body });
const ids = (r: { json(): unknown }) => (r.json() as { hits: Array<{ id: string }> }).hits.map((h) => h.id);

function multipart(headers: Record<string, string>, filename: string, bytes: Buffer) {
  const b = '----lantai' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([Buffer.from(`--${b}\r\ncontent-disposition: form-data; name="file"; filename="${filename}"\r\ncontent-type: application/octet-stream\r\n\r\n`), bytes, Buffer.from(`\r\n--${b}--\r\n`)]);
  return { payload, headers: { ...headers, 'content-type': `multipart/form-data; boundary=${b}` } };
}
function chinesePdf(text: string): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument();
    const parts: Buffer[] = [];
    doc.on('data', (c: Buffer) => parts.push(c));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    const font = cjkFont();
    if (font) doc.font(font.path, font.family);
    doc.fontSize(14).text(text);
    doc.end();
  });
}

describe('search API', () => {
  it('finds a record as soon as the indexer ran, and applies fonds scope and 密级 in the query', async () => {
    const a = await create(f1.categoryId, { title: '关于晋阳市农田水利建设的批复', responsible: '晋阳市水利局' });
    const b = await create(f2.categoryId, { title: '晋阳市农田水利工作总结', security: 'mimi' });
    await t.c.search.indexer.drain();
    expect(ids(await search(arch.headers, { q: '农田水利' })).sort()).toEqual([a.id, b.id].sort());
    const officer = await signedIn(t, ['records_officer'], { fondsScope: [f1.fondsCode, f2.fondsCode], clearance: 'internal' });
    const r = await search(officer.headers, { q: '农田水利', facets: ['fonds', 'security'] });
    expect(ids(r)).toEqual([a.id]);
    expect(r.json().total).toEqual({ value: 1, exact: true });
    expect(r.json().facets.security).toEqual([{ value: 'public', count: 1 }]);
    const other = await signedIn(t, ['records_officer'], { fondsScope: [f2.fondsCode], clearance: 'juemi' });
    expect(ids(await search(other.headers, { q: '农田水利' }))).toEqual([b.id]);
  });

  it('a change of 密级 takes effect in the same transaction, before the text is re-indexed', async () => {
    const r = await create(f1.categoryId, { title: '关于开展档案安全检查的通知' });
    await t.c.search.indexer.drain();
    const reader = await signedIn(t, ['records_officer'], { fondsScope: [f1.fondsCode], clearance: 'public' });
    expect(ids(await search(reader.headers, { q: '档案安全检查' }))).toEqual([r.id]);
    const p = await t.app.inject({ method: 'PATCH', url: `/api/records/${r.id}`, headers: arch.headers, payload: { security: 'jimi', title: '关于开展档案安全大检查的通知', version: r.version } });
    expect(p.statusCode, p.body).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/search/status', headers: arch.headers })).json().pending).toBeGreaterThan(0);
    expect(ids(await search(reader.headers, { q: '档案安全检查' }))).toEqual([]);
    expect((await search(reader.headers, { q: '', facets: ['security'] })).json().facets.security.some((b: { value: string }) => b.value === 'jimi')).toBe(false);
    await t.c.search.indexer.drain();
    expect(ids(await search(arch.headers, { q: '安全大检查' }))).toEqual([r.id]);
    await t.app.inject({ method: 'DELETE', url: `/api/records/${r.id}`, headers: arch.headers });
    expect(ids(await search(arch.headers, { q: '安全大检查' }))).toEqual([]);
  });

  it('indexes the text of PDF and plain-text files and shows a snippet', async () => {
    const r = await create(f1.categoryId, { title: '会议材料' });
    const pdf = await chinesePdf('本次会议决定在清徐县开展老陈醋产业扶贫试点工作。');
    expect((await t.app.inject({ method: 'POST', url: `/api/records/${r.id}/files`, ...multipart(arch.headers, '材料.pdf', pdf) })).statusCode).toBe(200);
    const txt = Buffer.from('附件：娄烦县退耕还林验收情况统计表', 'utf8');
    expect((await t.app.inject({ method: 'POST', url: `/api/records/${r.id}/files`, ...multipart(arch.headers, '附件.txt', txt) })).statusCode).toBe(200);
    await t.c.search.indexer.drain();
    const res = await search(arch.headers, { q: '老陈醋', facets: ['fileFormat'] });
    expect(ids(res)).toEqual([r.id]);
    const hit = res.json().hits[0];
    const s = hit.snippets.find((x: { field: string }) => x.field === 'content');
    expect(s.marks.map(([a, b]: [number, number]) => s.text.slice(a, b))).toEqual(['老陈醋']);
    expect(res.json().facets.fileFormat.map((b: { value: string }) => b.value).sort()).toEqual(['pdf', 'txt']);
    expect(ids(await search(arch.headers, { q: '退耕还林' }))).toEqual([r.id]);
    expect(ids(await search(arch.headers, { q: '全文:清徐县' }))).toEqual([r.id]);
  });

  it('answers odd input with results or a clear 400, never a 500', async () => {
    for (const q of ['', '&|!:*', "' or 1=1 --", '😀', '"', '档'.repeat(3000), 'a & b | !c <-> d:*', '责任者:', '(((']) {
      const r = await search(arch.headers, { q, facets: ['fonds', 'year'] });
      expect(r.statusCode, q.slice(0, 10)).toBe(200);
    }
    const big = await search(arch.headers, { q: 'x'.repeat(10_001) });
    expect(big.statusCode).toBe(400);
    expect(big.json().code).toBe('validation_failed');
  });

  it('rebuilds the index as a job while searching keeps answering', async () => {
    const before = ids(await search(arch.headers, { q: '农田水利' })).length;
    const start = await t.app.inject({ method: 'POST', url: '/api/search/reindex', headers: arch.headers });
    expect(start.statusCode, start.body).toBe(200);
    const again = await t.app.inject({ method: 'POST', url: '/api/search/reindex', headers: arch.headers });
    expect([200, 409]).toContain(again.statusCode);
    if (again.statusCode === 409) expect(again.json().code).toBe('search_reindex_running');
    expect(ids(await search(arch.headers, { q: '农田水利' })).length).toBe(before);
    // The job's own handler (the test app runs no worker), with searches running alongside it.
    const def = t.c.jobDefinitions.find((d) => d.name === 'search.reindex')!;
    const progress: number[] = [];
    const job = def.handler({ id: start.json().jobId, payload: { requestedBy: 'test' }, progress: async (p) => void progress.push(p) });
    const during = await search(arch.headers, { q: '农田水利' });
    const out = (await job) as { indexed: number };
    expect(during.statusCode).toBe(200);
    expect(out.indexed).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThan(0);
    expect(ids(await search(arch.headers, { q: '农田水利' })).length).toBe(before);
    const st = await t.app.inject({ method: 'GET', url: '/api/search/status', headers: arch.headers });
    expect(st.json()).toMatchObject({ pending: 0, lagSeconds: 0, reindexJobId: start.json().jobId });
    expect(st.json().documents).toBe(out.indexed);
  });
});
