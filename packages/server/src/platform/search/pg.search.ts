import { sql } from 'kysely';
import type { Conn, Db } from '../db/database.ts';
import { highlight, snippet } from './highlight.ts';
import { compileQuery, type CompiledQuery } from './query.parse.ts';
import { fondsTag, publicTag, quoteLexeme } from './text.tokens.ts';
import { facetSql, filtersSql, scopeSql } from './pg.search.sql.ts';
import { rebuildTable, type RebuildConfig } from './pg.search.rebuild.ts';
import { upsertRows } from './pg.search.write.ts';
import type {
  FacetBucket, FacetName, RebuildOptions, RebuildStages, SearchDocument, SearchHit, SearchIndexStatus, SearchPort, SearchQuery, SearchResult, SearchScope,
} from './search.port.ts';

/**
 * Sampling (shared/notes/search-on-postgres.md, design s): level L reads the uniform 1/2^L sample of the matches
 * inside the GIN index. Level `firstLevel` is tried first and answers alone when it holds `enough` permitted
 * matches; otherwise one more statement runs at the level that should hold about `target` (level 0 = exact).
 * Below `smallIndex` indexed records every search is exact in one statement.
 */
export interface SamplingOptions { firstLevel: number; enough: number; target: number; smallIndex: number; scopeTokens: boolean }
/** scopeTokens=false: the GIN scan ignores the scope (the filter runs on the heap only); kept for the bench's paired comparison. */
const DEFAULTS: SamplingOptions = { firstLevel: 6, enough: 1000, target: 2000, smallIndex: 100_000, scopeTokens: true };
const CAP = 50_000;
const PREFIX_FIRST_LEVEL = 3;

type Row = { n: number; top: Array<{ id: string; score: number; k: string }> | null; facets: Array<Record<string, unknown>> | null; formats: Array<{ v: string; n: number }> | null };

export class PgSearch implements SearchPort {
  private sizeCache = { at: 0, n: 0 };
  private readonly o: SamplingOptions;
  private readonly rebuildConfig: RebuildConfig;
  constructor(private readonly db: Db, opts: Partial<SamplingOptions> & RebuildConfig = {}) {
    const { databaseUrl, workers, maintenanceWorkMem, ...sampling } = opts;
    this.o = { ...DEFAULTS, ...sampling };
    this.rebuildConfig = { databaseUrl, workers, maintenanceWorkMem };
  }

  async search(q: SearchQuery, scope: SearchScope): Promise<SearchResult> {
    const t0 = performance.now();
    const cq = compileQuery(q.text ?? '', q.fields);
    const limit = Math.min(Math.max(Math.trunc(q.limit ?? 20), 1), 100);
    const offset = q.cursor ? 0 : Math.min(Math.max(Math.trunc(q.offset ?? 0), 0), 10_000);
    const sort = q.sort === 'relevance' || !q.sort ? (cq.rank ? 'relevance' : 'archivalCode') : q.sort;
    const desc = (q.order ?? (sort === 'archivalCode' ? 'asc' : 'desc')) === 'desc';
    const cursor = decodeCursor(q.cursor);
    const facets = [...new Set(q.facets ?? [])];
    const run = (level: number, withTop: boolean) => this.level(cq, level, scope, q, { sort, desc, cursor, limit, offset, facets, withTop });

    let level = 0;
    let r: Row;
    const { firstLevel, enough, target } = this.o;
    if ((await this.indexSize()) < this.o.smallIndex) r = await run(0, true);
    else {
      // A prefix term ('煤':*) makes the GIN scan collect every posting list under it whatever the level (the 1M plans:
      // 337 ms at level 6 and 569 ms at level 1, under load), so it starts at a finer level to be answered in one statement.
      const first = cq.match?.includes(':*') ? Math.min(firstLevel, PREFIX_FIRST_LEVEL) : firstLevel;
      r = await run(first, sort === 'relevance');
      level = first;
      if (r.n < enough / 2 ** (firstLevel - first)) {
        level = r.n === 0 ? 0 : Math.max(0, Math.floor(Math.log2((r.n * 2 ** first) / target)));
        if (level !== first) r = await run(level, sort === 'relevance' || level === 0);
      }
    }
    const scale = 2 ** level;
    const exact = level === 0 && r.n < CAP;
    let top = r.top ?? [];
    if (!top.length && !(level === 0 || sort === 'relevance')) top = await this.exactTop(cq, scope, q, { sort, desc, cursor, limit, offset });
    const more = top.length > limit;
    top = top.slice(0, limit);
    return {
      hits: await this.hits(top, cq),
      total: { value: exact ? r.n : roughly(r.n * scale), exact },
      facets: buildFacets(r, facets, scale, exact),
      nextCursor: more ? encodeCursor(top[top.length - 1]!) : null,
      sampled: level > 0 && sort === 'relevance',
      parsed: cq.parsed,
      tookMs: Math.round(performance.now() - t0),
    };
  }

  private async level(cq: CompiledQuery, level: number, scope: SearchScope, q: SearchQuery, o: PageOpts & { facets: FacetName[]; withTop: boolean }): Promise<Row> {
    const sample = scopeTokens(this.o.scopeTokens ? scope : ALL_FONDS, level, !!cq.match);
    const tsq = cq.match && sample ? `(${cq.match}) & ${sample}` : (cq.match ?? sample);
    const textCond = tsq ? sql`s.tsv @@ ${tsq}::tsquery` : sql`true`;
    const score = cq.rank ? sql`(ts_rank('{0.1,0.2,0.4,1}', s.tsv, ${cq.rank}::tsquery) + ts_rank('{0.1,0.2,0.4,1}', s.tsv, ${cq.match ?? cq.rank}::tsquery))::real` : sql`0::real`;
    const top = o.withTop ? topSql(o) : sql`null`;
    const res = await sql<Row>`
      with m as materialized (
        select s.record_id, s.fonds_code, s.category_code, s.year, s.retention, s.security, s.open_status, s.file_formats,
               s.archival_code, s.sort_date, ${score} as score
        from search_docs s where ${textCond} and ${scopeSql(scope)} and ${filtersSql(q.filters)} limit ${CAP})
      select (select count(*)::int from m) as n, ${top} as top, ${facetSql(o.facets)}`.execute(this.db);
    return res.rows[0]!;
  }

  /** Exact order by 档号 or date over every permitted match (the sample's order would be wrong). */
  private async exactTop(cq: CompiledQuery, scope: SearchScope, q: SearchQuery, o: PageOpts) {
    const tokens = scopeTokens(this.o.scopeTokens ? scope : ALL_FONDS, 0, !!cq.match);
    const textCond = cq.match ? sql`s.tsv @@ ${tokens ? `(${cq.match}) & ${tokens}` : cq.match}::tsquery` : sql`true`;
    const res = await sql<{ top: Row['top'] }>`
      with m as (select s.record_id, s.archival_code, s.sort_date, 0::real as score from search_docs s
                 where ${textCond} and ${scopeSql(scope)} and ${filtersSql(q.filters)})
      select ${topSql(o)} as top`.execute(this.db);
    return res.rows[0]?.top ?? [];
  }

  private async hits(top: Array<{ id: string; score: number }>, cq: CompiledQuery): Promise<SearchHit[]> {
    if (!top.length) return [];
    type HitRow = Omit<SearchHit, 'id' | 'score' | 'titleHighlight' | 'snippets' | 'fondsCode' | 'categoryCode' | 'archivalCode' | 'docNumber' | 'docDate' | 'openStatus'> & {
      record_id: string; fonds_code: string; category_code: string; archival_code: string; doc_number: string; doc_date: string;
      open_status: SearchHit['openStatus']; subjects: string[]; content: string;
    };
    const rows = await sql<HitRow>`
      select record_id, fonds_code, category_code, archival_code, title, responsible, doc_number, doc_date, year, retention,
             security, open_status, status, subjects, left(content, 200000) as content
      from search_docs where record_id = any(${top.map((t) => t.id)}::uuid[])`.execute(this.db);
    const byId = new Map(rows.rows.map((r) => [r.record_id as string, r]));
    return top.flatMap((t) => {
      const r = byId.get(t.id);
      if (!r) return [];
      const snippets: SearchHit['snippets'] = [];
      const add = (field: SearchHit['snippets'][number]['field'], text: string) => {
        const s = snippets.length < 3 ? snippet(text, cq.marks) : null;
        if (s) snippets.push({ ...s, field });
      };
      add('responsible', r.responsible);
      add('docNumber', r.doc_number);
      add('subjects', (r.subjects as string[]).join('；'));
      add('content', r.content);
      return [{
        id: t.id, fondsCode: r.fonds_code, categoryCode: r.category_code, archivalCode: r.archival_code, title: r.title,
        responsible: r.responsible, docNumber: r.doc_number, docDate: r.doc_date, year: r.year, retention: r.retention,
        security: r.security, openStatus: r.open_status, status: r.status, score: t.score,
        titleHighlight: highlight(r.title, cq.marks), snippets,
      }];
    });
  }

  private async indexSize(): Promise<number> {
    if (Date.now() - this.sizeCache.at < 60_000) return this.sizeCache.n;
    const r = await sql<{ n: number }>`select greatest(reltuples, 0)::float8 as n from pg_class where oid = 'search_docs'::regclass`.execute(this.db);
    this.sizeCache = { at: Date.now(), n: Number(r.rows[0]?.n ?? 0) };
    return this.sizeCache.n;
  }

  upsert(docs: SearchDocument[], tx?: Conn): Promise<void> {
    return upsertRows(tx ?? this.db, 'search_docs', docs);
  }

  async remove(ids: string[], tx?: Conn): Promise<void> {
    if (ids.length) await sql`delete from search_docs where record_id = any(${ids}::uuid[])`.execute(tx ?? this.db);
  }

  async rebuild(source: AsyncIterable<SearchDocument[]>, opts: RebuildOptions = {}): Promise<{ indexed: number; stages: RebuildStages }> {
    const r = await rebuildTable(this.db, source, opts, this.rebuildConfig);
    this.sizeCache.at = 0;
    return r;
  }

  async status(): Promise<SearchIndexStatus> {
    const r = await sql<{ docs: number; pending: number; lag: number }>`
      select (select greatest(reltuples, 0)::float8 from pg_class where oid = 'search_docs'::regclass) docs,
             (select count(*)::int from search_docs where stale_since is not null) pending,
             coalesce(extract(epoch from now() - (select min(stale_since) from search_docs where stale_since is not null)), 0)::float8 lag`.execute(this.db);
    const x = r.rows[0]!;
    const docs = x.docs < 10_000 ? (await sql<{ n: number }>`select count(*)::int n from search_docs`.execute(this.db)).rows[0]!.n : Math.round(x.docs);
    return { documents: docs, pending: x.pending, lagSeconds: Math.round(x.lag) };
  }

  async pendingChanges(limit: number) {
    const r = await sql<{ id: string; seq: number }>`
      select record_id id, change_seq::float8 seq from search_docs where stale_since is not null order by stale_since limit ${limit}`.execute(this.db);
    return r.rows.map((x) => ({ id: x.id, changeSeq: x.seq }));
  }
}

/**
 * The part of the tsquery that keeps the GIN scan to the scope and the sample level (text.tokens.ts scopeTags):
 * public → '~p:bL'; staff limited to some fonds → any of their '~f:CODE:bL'; every fonds → '~bL' (none at level 0).
 * At level 0 without a text condition there is none (the filter runs on the heap: rows not yet indexed count too).
 */
function scopeTokens(scope: SearchScope, level: number, hasText: boolean): string | null {
  if (level === 0 && !hasText) return null;
  if (scope.kind === 'public') return quoteLexeme(publicTag(level));
  if (scope.fondsCodes && scope.fondsCodes.length > 0 && scope.fondsCodes.length <= MAX_FONDS_TOKENS) {
    const ors = scope.fondsCodes.map((f) => quoteLexeme(fondsTag(f, level)));
    return ors.length > 1 ? `(${ors.join(' | ')})` : ors[0]!;
  }
  return level > 0 ? quoteLexeme(`~b${level}`) : null;
}
const MAX_FONDS_TOKENS = 64;
const ALL_FONDS: SearchScope = { kind: 'staff', fondsCodes: null, securities: [] };

type PageOpts = { sort: string; desc: boolean; cursor: [unknown, string] | null; limit: number; offset: number };

/** The page of `m` in the requested order, keyset after the cursor, one extra row to know whether more follow. */
function topSql(o: PageOpts) {
  const key = o.sort === 'relevance' ? sql`score` : o.sort === 'date' ? sql`sort_date` : sql`archival_code`;
  const dir = o.desc ? sql`desc` : sql`asc`;
  const k = o.cursor ? (o.sort === 'relevance' ? sql`${o.cursor[0]}::real` : sql`${o.cursor[0]}::text`) : null;
  const after = o.cursor ? (o.desc ? sql`(${key}, record_id) < (${k}, ${o.cursor[1]}::uuid)` : sql`(${key}, record_id) > (${k}, ${o.cursor[1]}::uuid)`) : sql`true`;
  const keyText = o.sort === 'relevance' ? sql`score::text` : key;
  return sql`(select json_agg(t) from (select record_id as id, score, ${keyText} as k from m where ${after}
    order by ${key} ${dir}, record_id ${dir} limit ${o.limit + 1} offset ${o.offset}) t)`;
}

function encodeCursor(t: { id: string; k: string }): string {
  return Buffer.from(JSON.stringify([t.k, t.id])).toString('base64url');
}
function decodeCursor(c: string | null | undefined): [unknown, string] | null {
  if (!c) return null;
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString());
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && /^[0-9a-f-]{36}$/.test(v[1])) return [v[0], v[1]];
  } catch { /* a bad cursor starts from the top */ }
  return null;
}

/** An estimate shown as “约 N 条”: two significant digits. */
function roughly(n: number): number {
  if (n < 100) return Math.round(n);
  const p = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.round(n / p) * p;
}

function buildFacets(r: Row, names: FacetName[], scale: number, exact: boolean): SearchResult['facets'] {
  const out: SearchResult['facets'] = {};
  const count = (n: number) => (exact ? n : roughly(n * scale));
  for (const f of names) {
    if (f === 'fileFormat') {
      out.fileFormat = (r.formats ?? []).map((x) => ({ value: x.v, count: count(x.n) })).sort(byCount);
      continue;
    }
    const rows = (r.facets ?? []).filter((x) => x[`g_${f}`] === 0);
    out[f] = rows.map((x) => ({ value: String(x[f]), count: count(x.n as number) })).sort(byCount);
  }
  return out;
}
const byCount = (a: FacetBucket, b: FacetBucket) => b.count - a.count || a.value.localeCompare(b.value);
