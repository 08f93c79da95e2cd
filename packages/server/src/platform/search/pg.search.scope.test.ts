import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import { createDb, type Db } from '../db/database.ts';
import { up as addScopeTokens } from '../db/migrations/0019-add-search-scope-tokens.ts';
import { PgSearch } from './pg.search.ts';
import { doc } from './search.contract-test.ts';
import type { SearchScope } from './search.port.ts';

// Scope tokens narrow the GIN scan to the asker's fonds / the public; the permission columns still decide. Sampled
// path forced (smallIndex 0, level 2 first) so the tokens of every level are used.
const J1: SearchScope = { kind: 'staff', fondsCodes: ['J001'], securities: ['public', 'internal'] };
const J2: SearchScope = { kind: 'staff', fondsCodes: ['J002'], securities: ['public', 'internal'] };
const PUBLIC: SearchScope = { kind: 'public' };
let url: string;
let db: Db;
let port: PgSearch;

beforeAll(async () => {
  url = await createTestDatabase();
  db = createDb(url, 4);
  port = new PgSearch(db, { firstLevel: 2, enough: 5, target: 10, smallIndex: 0, databaseUrl: url, workers: 2 });
});
afterAll(async () => db?.destroy());
const ids = (r: { hits: Array<{ id: string }> }) => r.hits.map((h) => h.id).sort();

describe('scope tokens', () => {
  it('a permission change on the columns (as the triggers make it) applies before the vector is rebuilt', async () => {
    const a = doc({ title: '汾河治理工程验收报告', fondsCode: 'J001' });
    const b = doc({ title: '汾河治理工程竣工决算', fondsCode: 'J001' });
    await port.upsert([a, b]);
    expect(ids(await port.search({ text: '汾河治理' }, J1))).toEqual([a.id, b.id].sort());
    expect(ids(await port.search({ text: '汾河治理' }, PUBLIC))).toEqual([a.id, b.id].sort());
    // The record triggers copy new values at once and only mark the text stale.
    await sql`update search_docs set security = 'mimi', stale_since = now() where record_id = ${a.id}`.execute(db);
    await sql`update search_docs set fonds_code = 'J002', stale_since = now() where record_id = ${b.id}`.execute(db);
    const pub = await port.search({ text: '汾河治理', facets: ['fonds'] }, PUBLIC);
    expect(ids(pub)).toEqual([b.id]);
    expect(pub.facets.fonds).toEqual([{ value: 'J002', count: 1 }]);
    expect(ids(await port.search({ text: '汾河治理' }, J1))).toEqual([]);
    // Moved into J002 but its vector still says J001: not yet found there (lag, never a leak) …
    expect(ids(await port.search({ text: '汾河治理' }, J2))).toEqual([]);
    // … until the indexer rebuilds its vector.
    await port.upsert([{ ...b, fondsCode: 'J002' }]);
    expect(ids(await port.search({ text: '汾河治理' }, J2))).toEqual([b.id]);
  });

  it('empty box: rows not yet indexed are listed (no tokens needed at the exact level)', async () => {
    const c = doc({ title: '未索引记录', fondsCode: 'J003' });
    await port.upsert([c]);
    await sql`update search_docs set tsv = '''~b0''', stale_since = now() where record_id = ${c.id}`.execute(db);
    const exact = new PgSearch(db);
    const r = await exact.search({ text: '', filters: { fondsCodes: ['J003'] } }, { kind: 'staff', fondsCodes: ['J003'], securities: ['public'] });
    expect(ids(r)).toEqual([c.id]);
  });

  it('migration 0019 adds the tokens to vectors stored before it', async () => {
    const e = doc({ title: '黄河滩区迁建规划', fondsCode: 'J004' });
    await port.upsert([e]);
    await sql`update search_docs set tsv = ts_delete(tsv, array(select u.lexeme from unnest(tsv) u where u.lexeme like '~f:%' or u.lexeme like '~p:%'))
      where record_id = ${e.id}`.execute(db);
    const scope: SearchScope = { kind: 'staff', fondsCodes: ['J004'], securities: ['public'] };
    expect(ids(await port.search({ text: '黄河滩区' }, scope))).toEqual([]);
    await addScopeTokens(db as never);
    expect(ids(await port.search({ text: '黄河滩区' }, scope))).toEqual([e.id]);
    expect(ids(await port.search({ text: '黄河滩区' }, PUBLIC))).toEqual([e.id]);
  });

  it('a rebuild by COPY keeps odd text (tabs, backslashes, quotes, NUL, newlines) and reports its stages', async () => {
    const odd = doc({ title: '特殊\t字符\\测试\'"标题', responsible: 'a\\b', content: '第一行\n第二行\r\n含\u0000空字符 特殊字符正文', subjects: ['引"号', '反\\斜'], fondsCode: 'J005' });
    await port.upsert([odd]);
    const all = (await sql<{ record_id: string }>`select record_id from search_docs`.execute(db)).rows.map((r) => r.record_id);
    const seq = Number((await sql<{ s: number }>`select change_seq::int s from search_docs where record_id = ${odd.id}`.execute(db)).rows[0]!.s);
    async function* source() {
      yield [{ ...odd, changeSeq: seq }];
      yield [];
    }
    const before = all.length;
    const r = await port.rebuild(source(), { expected: 1 });
    expect(r.indexed).toBe(1);
    expect(r.stages.workers).toBe(2);
    expect(Object.keys(r.stages.indexMs)).toContain('tsv_idx');
    const row = (await sql<{ title: string; responsible: string; subjects: string[]; content: string }>`
      select title, responsible, subjects, content from search_docs where record_id = ${odd.id}`.execute(db)).rows[0]!;
    expect(row).toEqual({ title: odd.title, responsible: 'a\\b', subjects: ['引"号', '反\\斜'], content: '第一行\n第二行\r\n含空字符 特殊字符正文' });
    const scope: SearchScope = { kind: 'staff', fondsCodes: ['J005'], securities: ['public'] };
    expect(ids(await port.search({ text: '空字符' }, scope))).toEqual([odd.id]);
    // Rows the source did not yield (records created during the rebuild) are carried over as they were; the rebuilt one is current.
    const after = (await sql<{ n: number; stale: boolean }>`select count(*)::int n, bool_or(stale_since is not null and record_id = ${odd.id}) stale
      from search_docs`.execute(db)).rows[0]!;
    expect(after).toEqual({ n: before, stale: false });
  });
});
