import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { buildFonds, wsRecord } from '../../../test/catalogue-factory.ts';
import { matchBound, textCandidates, textLexemes } from './record.text-filter.ts';

// The q filter through the search index must find exactly what a LIKE over the four fields finds: every substring
// of every field is tried (the index only narrows, so a missing row would be a bug), before and after edits that
// the indexer has not seen yet.
let t: TestApp;
let arch: Awaited<ReturnType<typeof signedIn>>;
let categoryId = '';
type Rec = { id: string; title: string; docNumber: string; responsible: string; archivalCode: string };
const recs: Rec[] = [];
const FIELDS: [string, string, string][] = [
  ['关于开展安全生产大检查的通知（777777）', '晋政办发〔2011〕12号', '山西省人民政府办公厅'],
  ['關於加強檔案數字化工作的報告', 'ABC〔2021〕7号', '档案局'],
  ['年度工作总结 Annual Report 2021', 'XYZ-2021-001', 'Smith & 王'],
  ['会议纪要', '', ''],
  ['关于做好防汛工作的请示', '晋办发〔2021〕5号', '水利局'],
  ['𠀀𠀁 生僻字题名', 'No.12a', 'ｆｕｌｌ宽字符'],
  [`长编号${'1234567890'.repeat(7)}的文件`, 'café2021号', 'Ωmega组'], // a run over 60 characters (no suffix tags); a Latin-1 run
];

beforeAll(async () => {
  t = await buildTestApp();
  arch = await signedIn(t, ['archivist'], { clearance: 'jimi' });
  ({ categoryId } = await buildFonds(t.app, arch.headers));
  for (const [i, [title, docNumber, responsible]] of FIELDS.entries()) {
    const r = await t.app.inject({ method: 'POST', url: '/api/records', headers: arch.headers,
      payload: wsRecord(categoryId, { title, docNumber, responsible, retention: i % 2 ? 'Y' : 'D30', docDate: `2021031${i}` }) });
    expect(r.statusCode).toBe(200);
    const b = r.json() as Rec;
    recs.push({ id: b.id, title, docNumber, responsible, archivalCode: b.archivalCode });
  }
  await t.c.search.indexer.drain();
}, 60_000);
afterAll(async () => { await t.close(); });

const list = async (q: string) => {
  const r = await t.app.inject({ url: `/api/records?categoryId=${categoryId}&limit=100&q=${encodeURIComponent(q)}`, headers: arch.headers });
  expect(r.statusCode).toBe(200);
  return (r.json() as { items: { id: string }[] }).items.map((x) => x.id).sort();
};
const expected = (q: string) => {
  const cased = q.toLowerCase() !== q.toUpperCase();
  const has = (s: string) => (cased ? s.toLowerCase().includes(q.toLowerCase()) : s.includes(q));
  return recs.filter((r) => [r.title, r.docNumber, r.responsible, r.archivalCode].some(has)).map((r) => r.id).sort();
};
function substrings(s: string, max = 6) {
  const cps = [...s];
  const out = new Set<string>();
  for (let i = 0; i < cps.length; i++) for (let n = 1; n <= max && i + n <= cps.length; n++) out.add(cps.slice(i, i + n).join(''));
  return [...out].filter((x) => x.trim() === x && x.length > 0);
}

describe('record table q filter through the search index', () => {
  it('builds lexemes only where a substring must contain them', () => {
    expect(textLexemes('安全生产')).toEqual(["'安全'", "'全生'", "'生产'"]);
    expect(textLexemes('（777777）')).toEqual(["'777777'"]);
    expect(textLexemes('777777')).toEqual(["'~s:777777':*"]); // anywhere in a run: a prefix of one of its suffixes
    expect(textLexemes('煤')).toEqual(["'煤':*"]);
    expect(textLexemes('關於')).toEqual(["'关于'"]);
    expect(textLexemes('2011〕12')).toEqual(["'~s:2011'", "'12':*"]); // ends a run; begins a run
    expect(textLexemes('7')).toEqual([]);
    expect(textLexemes('〔7')).toEqual(["'7':*"]);
  });

  it('leaves a q whose every lexeme is common to the ordered scan (bound from ANALYZE\'s most common lexemes)', () => {
    const st = { rows: 1_000_000, freq: new Map([['安全', 0.17], ['全生', 0.16], ['生产', 0.2], ['煤矿', 0.01]]), floor: 0.001 };
    expect(matchBound([{ text: '安全', prefix: false }, { text: '全生', prefix: false }, { text: '生产', prefix: false }], st)).toBeCloseTo(160_000);
    expect(matchBound([{ text: '安全', prefix: false }, { text: '777777', prefix: false }], st)).toBeCloseTo(1_000); // unlisted: rarer than the floor
    expect(matchBound([{ text: '煤', prefix: true }], st)).toBeCloseTo(11_000);
  });

  it('uses the index for a rare q and finds exactly what LIKE finds, for every substring of every field', async () => {
    expect(await textCandidates(t.c.db, '（777777）')).toEqual([recs[0]!.id]);
    // A bare number inside a longer one; the record with a run too long to tag is a candidate of every such q.
    const long = recs[6]!.id;
    expect((await textCandidates(t.c.db, '7777'))?.sort()).toEqual([recs[0]!.id, long].sort());
    expect(await textCandidates(t.c.db, '2021号')).toContain(long); // the end of the run 'café2021'
    expect(await textCandidates(t.c.db, '56789012')).toEqual([long]);
    expect((await textCandidates(t.c.db, '12号'))?.sort()).toEqual([recs[0]!.id, long].sort());
    const qs = new Set<string>();
    for (const r of recs) for (const f of [r.title, r.docNumber, r.responsible, r.archivalCode]) for (const s of substrings(f)) qs.add(s);
    expect(qs.size).toBeGreaterThan(300);
    const wrong: string[] = [];
    for (const q of qs) {
      const got = await list(q);
      if (JSON.stringify(got) !== JSON.stringify(expected(q))) wrong.push(q);
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('finds a record edited after the indexer last ran (stale rows are always candidates)', async () => {
    const r = recs[3]!;
    const cur = (await t.app.inject({ url: `/api/records/${r.id}`, headers: arch.headers })).json() as { version: number };
    const put = await t.app.inject({ method: 'PATCH', url: `/api/records/${r.id}`, headers: arch.headers, payload: { version: cur.version, title: '党组会议纪要（第九次）' } });
    expect(put.statusCode).toBe(200);
    r.title = '党组会议纪要（第九次）';
    expect(await list('党组会议')).toEqual([r.id]);
    expect(await list('会议纪要')).toEqual([r.id]);
    await t.c.search.indexer.drain();
    expect(await list('第九次')).toEqual([r.id]);
    expect(await textCandidates(t.c.db, '第九次')).toEqual([r.id]);
  });
});
