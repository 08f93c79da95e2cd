import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchDocument, SearchPort, SearchScope } from './search.port.ts';

export interface SearchFixture {
  port: SearchPort;
  cleanup(): Promise<void>;
}

const ALL: SearchScope = { kind: 'staff', fondsCodes: null, securities: ['public', 'internal', 'mimi', 'jimi', 'juemi'] };
let seq = 0;
export function doc(over: Partial<SearchDocument> = {}): SearchDocument {
  seq++;
  return {
    id: randomUUID(), fondsCode: 'J001', categoryCode: 'WS', archivalCode: `J001-WS·2011-Y-BGS-${String(seq).padStart(4, '0')}`,
    title: '关于印发年度工作要点的通知', subjects: [], responsible: '办公室', docNumber: '', docDate: '20110315', year: 2011,
    retention: 'Y', security: 'public', openStatus: 'open', status: 'archived', other: '', content: '', fileFormats: [], ...over,
  };
}

/** The rules of search.port.ts, run against every adapter. */
export function runSearchContract(name: string, make: () => Promise<SearchFixture>) {
  describe(`search port contract: ${name}`, () => {
    let f: SearchFixture;
    const d = {
      gov: doc({ title: '山西省人民政府关于印发《脱贫攻坚实施方案》的通知', subjects: ['扶贫'], docNumber: '晋政发〔2016〕12号', fondsCode: 'J001' }),
      archive: doc({ title: '檔案管理工作會議紀要', responsible: '省档案局', fondsCode: 'J002', year: 2012, docDate: '20120501' }),
      secret: doc({ title: '煤矿安全生产检查情况的报告', security: 'mimi', openStatus: 'unreviewed', fondsCode: 'J001', year: 2013, docDate: '20130101' }),
      draft: doc({ title: '关于档案数字化工作的请示', status: 'draft', openStatus: 'open', fondsCode: 'J002', docDate: '20140101', year: 2014 }),
      person: doc({ title: '关于王建国同志任职的通知', responsible: '组织部', fondsCode: 'J003', openStatus: 'controlled', retention: 'D30' }),
      file: doc({ title: '会议记录', content: '本次会议研究了农田水利基本建设问题，决定在运城市开展试点。', fileFormats: ['pdf'], fondsCode: 'J003' }),
    };
    const ids = (r: { hits: Array<{ id: string }> }) => r.hits.map((h) => h.id);
    beforeAll(async () => {
      f = await make();
      await f.port.upsert(Object.values(d));
    });
    afterAll(async () => f?.cleanup());

    it('finds Chinese words inside longer words, across 繁/简, by pinyin and initials', async () => {
      expect(ids(await f.port.search({ text: '人民政府' }, ALL))).toEqual([d.gov.id]);
      expect(ids(await f.port.search({ text: '脱贫攻坚 实施方案' }, ALL))).toEqual([d.gov.id]);
      expect(ids(await f.port.search({ text: '档案管理' }, ALL))).toEqual([d.archive.id]);
      expect(ids(await f.port.search({ text: '會議紀要' }, ALL))).toEqual([d.archive.id]);
      expect(ids(await f.port.search({ text: 'wangjianguo' }, ALL))).toEqual([d.person.id]);
      expect(ids(await f.port.search({ text: 'mkaq' }, ALL))).toEqual([d.secret.id]);
      expect(ids(await f.port.search({ text: 'ＭＫＡＱ' }, ALL))).toEqual([d.secret.id]);
    });

    it('matches 文号 and 档号 fragments, phrases, exclusions and field filters', async () => {
      expect(ids(await f.port.search({ text: '〔2016〕12号' }, ALL))).toEqual([d.gov.id]);
      expect(ids(await f.port.search({ text: d.archive.archivalCode.slice(0, 16) }, ALL))).toContain(d.archive.id);
      expect(ids(await f.port.search({ text: '"工作会议纪要"' }, ALL))).toEqual([d.archive.id]);
      expect(ids(await f.port.search({ text: '"管理会议"' }, ALL))).toEqual([]);
      expect(ids(await f.port.search({ text: '通知 -王建国' }, ALL))).toEqual([d.gov.id]);
      expect(ids(await f.port.search({ text: '责任者:组织部' }, ALL))).toEqual([d.person.id]);
      expect(ids(await f.port.search({ text: '题名:组织部' }, ALL))).toEqual([]);
      expect(ids(await f.port.search({ text: '农田水利' }, ALL))).toEqual([d.file.id]);
    });

    it('applies the scope inside the query: hits, totals and facets', async () => {
      const officer: SearchScope = { kind: 'staff', fondsCodes: ['J001'], securities: ['public', 'internal'] };
      const r = await f.port.search({ text: '', facets: ['fonds', 'security'] }, officer);
      expect(ids(r)).toEqual([d.gov.id]);
      expect(r.total).toEqual({ value: 1, exact: true });
      expect(r.facets.fonds).toEqual([{ value: 'J001', count: 1 }]);
      expect((await f.port.search({ text: '煤矿' }, officer)).total.value).toBe(0);
      const pub = await f.port.search({ text: '', facets: ['openStatus'] }, { kind: 'public' });
      expect(ids(pub).sort()).toEqual([d.gov.id, d.archive.id, d.file.id].sort());
      expect(pub.facets.openStatus).toEqual([{ value: 'open', count: 3 }]);
      expect((await f.port.search({ text: '档案数字化' }, { kind: 'public' })).hits).toEqual([]);
    });

    it('counts facets and filters by them', async () => {
      const r = await f.port.search({ text: '', facets: ['fonds', 'year', 'retention', 'fileFormat', 'category'] }, ALL);
      expect(r.total).toEqual({ value: 6, exact: true });
      expect(r.facets.fonds).toEqual([{ value: 'J001', count: 2 }, { value: 'J002', count: 2 }, { value: 'J003', count: 2 }]);
      expect(r.facets.fileFormat).toEqual([{ value: 'none', count: 5 }, { value: 'pdf', count: 1 }]);
      const g = await f.port.search({ text: '', filters: { fondsCodes: ['J003'], retention: ['D30'] } }, ALL);
      expect(ids(g)).toEqual([d.person.id]);
      expect(ids(await f.port.search({ text: '', filters: { fileFormat: ['pdf'] } }, ALL))).toEqual([d.file.id]);
      expect(ids(await f.port.search({ text: '', filters: { yearFrom: 2013, yearTo: 2014 } }, ALL)).sort()).toEqual([d.secret.id, d.draft.id].sort());
    });

    it('highlights matched words on the original text', async () => {
      const h = (await f.port.search({ text: '会议纪要' }, ALL)).hits[0]!;
      expect(h.titleHighlight.marks.map(([a, b]) => h.title.slice(a, b))).toEqual(['會議紀要']);
      const s = (await f.port.search({ text: '运城' }, ALL)).hits[0]!.snippets[0]!;
      expect(s.field).toBe('content');
      expect(s.marks.map(([a, b]) => s.text.slice(a, b))).toEqual(['运城']);
    });

    it('pages with a cursor without gaps or repeats, in 档号 or date order', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const r = await f.port.search({ text: '', sort: 'archivalCode', limit: 4, cursor }, ALL);
        seen.push(...r.hits.map((h) => h.archivalCode));
        cursor = r.nextCursor;
      } while (cursor);
      expect(seen).toEqual(Object.values(d).map((x) => x.archivalCode).sort());
      const byDate = await f.port.search({ text: '', sort: 'date', limit: 2 }, ALL);
      expect(byDate.hits.map((h) => h.docDate)).toEqual(['20140101', '20130101']);
      const rel = await f.port.search({ text: '通知', limit: 1 }, ALL);
      const rel2 = await f.port.search({ text: '通知', limit: 1, cursor: rel.nextCursor }, ALL);
      expect(rel.hits.length + rel2.hits.length).toBe(2);
      expect(rel2.hits[0]!.id).not.toBe(rel.hits[0]!.id);
    });

    it('never fails on odd input', async () => {
      const odd = ['', '   ', '，。！？', '&', '|', '!', ':*', "'", '"', '""', "'; drop table search_docs; --", '😀🎉', 'a'.repeat(10_000),
        '档'.repeat(10_000), '(档案 | 管理) & !x', '-', '--', '责任者:', '题名:""', 'ｄａｎｇａｎ', 'Ω≈ç√ 𠀀 档案', '\u0000\u0001', '\\', '<->'];
      for (const text of odd) {
        const r = await f.port.search({ text, facets: ['fonds'] }, ALL);
        expect(Array.isArray(r.hits), text.slice(0, 20)).toBe(true);
      }
      expect((await f.port.search({ text: '', cursor: 'not-a-cursor' }, ALL)).hits.length).toBe(6);
    });

    it('removes and rebuilds while searching keeps working', async () => {
      const extra = doc({ title: '临时测试记录平遥古城' });
      await f.port.upsert([extra]);
      expect(ids(await f.port.search({ text: '平遥古城' }, ALL))).toEqual([extra.id]);
      await f.port.remove([extra.id]);
      expect(ids(await f.port.search({ text: '平遥古城' }, ALL))).toEqual([]);
      const during: number[] = [];
      async function* src() {
        for (const x of Object.values(d)) {
          during.push((await f.port.search({ text: '人民政府' }, ALL)).total.value);
          yield [x];
        }
      }
      const progress: number[] = [];
      await f.port.rebuild(src(), { expected: 6, onProgress: (n) => void progress.push(n) });
      expect(during.every((n) => n === 1)).toBe(true);
      expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
      expect(ids(await f.port.search({ text: '人民政府' }, ALL))).toEqual([d.gov.id]);
      expect((await f.port.status()).documents).toBe(6);
    });
  });
}
