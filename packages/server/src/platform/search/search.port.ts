import type { Conn } from '../db/database.ts';

/**
 * The search port: full-text search over catalogue records (metadata + the text of their files).
 * Every adapter (PostgreSQL now, OpenSearch later) MUST pass `search.contract-test.ts`; the rules
 * below are what that suite checks.
 *
 * - Permissions are applied INSIDE the query (never by filtering a page afterwards): a hit, a total,
 *   a facet count or a snippet never reflects a record outside `scope`.
 * - Bad query text (empty, punctuation only, 10 KB, tsquery/SQL syntax, emoji, mixed scripts) SHALL
 *   give a normal (possibly empty) result, never an exception.
 * - Chinese text is matched by words (segmentation) AND by character bigrams, traditional and
 *   simplified are the same, pinyin (full and initials) finds the Chinese, width and case are folded.
 */
export interface SearchPort {
  search(query: SearchQuery, scope: SearchScope): Promise<SearchResult>;
  /** Writes/replaces the index rows of these records; given `tx`, only if that transaction commits. */
  upsert(docs: SearchDocument[], tx?: Conn): Promise<void>;
  remove(recordIds: string[], tx?: Conn): Promise<void>;
  /** Rebuilds the whole index from `source` while `search` keeps answering from the old one. */
  rebuild(source: AsyncIterable<SearchDocument[]>, opts?: RebuildOptions): Promise<{ indexed: number; stages?: RebuildStages }>;
  /** Index size and how far index maintenance lags behind record changes. */
  status(): Promise<SearchIndexStatus>;
  /** Records whose index row is older than the record (oldest change first), for the indexer to rebuild with `upsert`. */
  pendingChanges(limit: number): Promise<Array<{ id: string; changeSeq: number }>>;
}

/**
 * Who is asking. `staff`: the signed-in user's catalogue scope (modules/fonds/fonds.policy.ts
 * `catalogueScope`: null fondsCodes = every fonds; securities = the 密级 levels within clearance).
 * `public`: anyone, no login — ONLY records that are opened (records.open_status = 'open'),
 * 密级 'public' and archived (not drafts); with `publishedOnly`, also only records in the portal's
 * published 开放目录 (portal_records), as the public portal asks.
 */
export type SearchScope =
  | { kind: 'staff'; fondsCodes: string[] | null; securities: Clearance[] }
  | { kind: 'public'; publishedOnly?: boolean };

export type Clearance = 'public' | 'internal' | 'mimi' | 'jimi' | 'juemi';
export type Retention = 'Y' | 'D30' | 'D10' | 'C' | 'D';
export type OpenStatus = 'unreviewed' | 'open' | 'controlled' | 'deferred';

/** Fields a query can be limited to, in the box as `题名:…`, `责任者:…`, `文号:…`, `档号:…`, `主题词:…`, `全文:…`. */
export type SearchField = 'title' | 'subjects' | 'responsible' | 'docNumber' | 'archivalCode' | 'content';
export type FacetName = 'fonds' | 'category' | 'year' | 'retention' | 'security' | 'openStatus' | 'fileFormat';
export type SearchSort = 'relevance' | 'archivalCode' | 'date';

export interface SearchQuery {
  /**
   * The box: words (AND), "quoted phrases", -exclude, field:value (Chinese or English field names,
   * e.g. 责任者:办公室, docNumber:〔2011〕12号), pinyin, 档号/文号 fragments. May be '' (then only the
   * filters apply and hits come in `sort` order; relevance falls back to archivalCode).
   */
  text: string;
  /** Structured field conditions from an advanced form; ANDed with the box. */
  fields?: Partial<Record<SearchField, string>>;
  /** Exact-value filters; several values of one key are ORed, keys are ANDed. */
  filters?: SearchFilters;
  /** Facets to count (over every permitted match, before paging). Default: none. */
  facets?: FacetName[];
  /** Default 'relevance'. */
  sort?: SearchSort;
  /** Default 'desc' for relevance and date, 'asc' for archivalCode. */
  order?: 'asc' | 'desc';
  /** 1–100, default 20. */
  limit?: number;
  /** Either a cursor from the previous result's `nextCursor` (stays fast deep in) or an offset (≤ 10,000). */
  cursor?: string | null;
  offset?: number;
}

export interface SearchFilters {
  fondsCodes?: string[];
  /** 门类 codes, e.g. WS, KJ. */
  categoryCodes?: string[];
  yearFrom?: number;
  yearTo?: number;
  retention?: Retention[];
  security?: Clearance[];
  openStatus?: OpenStatus[];
  /** Lower-case file extensions of the record's files: pdf, ofd, txt, jpg … ('none' = no file). */
  fileFormat?: string[];
  status?: Array<'draft' | 'archived'>;
}

export interface SearchResult {
  hits: SearchHit[];
  /** exact=false: `value` is an estimate from a sample (shown as “约 N 条”). */
  total: { value: number; exact: boolean };
  /** Counts per value; exact when `total.exact`, else scaled estimates. */
  facets: Partial<Record<FacetName, FacetBucket[]>>;
  /** null when there is no further page. */
  nextCursor: string | null;
  /** True when the ranking is over a sample of the matches (very common words), not every match. */
  sampled: boolean;
  /** How the box was understood (for the UI: "searched for 档案 管理, without 会计"). */
  parsed: ParsedQuery;
  tookMs: number;
}

export interface FacetBucket {
  value: string;
  count: number;
}

export interface SearchHit {
  id: string;
  fondsCode: string;
  categoryCode: string;
  archivalCode: string;
  title: string;
  responsible: string;
  docNumber: string;
  docDate: string;
  year: number;
  retention: Retention;
  security: Clearance;
  openStatus: OpenStatus;
  status: 'draft' | 'archived';
  score: number;
  /** 题名 with the matched words marked. */
  titleHighlight: Highlighted;
  /** Up to 3 short passages of other fields / file text with matches marked. */
  snippets: Array<Highlighted & { field: SearchField | 'other' }>;
}

/** Text plus [start, end) UTF-16 ranges of matched words, to render without HTML injection. */
export interface Highlighted {
  text: string;
  marks: Array<[number, number]>;
}

export interface ParsedQuery {
  terms: string[];
  phrases: string[];
  excluded: string[];
  fields: Array<{ field: SearchField; value: string }>;
}

/** What gets indexed for one record (built by modules/search from the record and its files). */
export interface SearchDocument {
  id: string;
  fondsCode: string;
  categoryCode: string;
  archivalCode: string;
  title: string;
  subjects: string[];
  responsible: string;
  docNumber: string;
  docDate: string;
  year: number;
  retention: Retention;
  security: Clearance;
  openStatus: OpenStatus;
  status: 'draft' | 'archived';
  /** Other metadata (remarks, extra fields, org …), weight D. */
  other: string;
  /** Extracted text of the record's files (capped by the caller). */
  content: string;
  /** Lower-case extensions of the record's files. */
  fileFormats: string[];
  /**
   * The index row's change counter when this document was read (from `pendingChanges`/the rebuild
   * source). When given, the row is marked up to date only if nothing changed it since.
   */
  changeSeq?: number;
}

export interface RebuildOptions {
  /** Expected number of documents, for progress. */
  expected?: number;
  onProgress?: (done: number, expected: number | undefined) => void | Promise<void>;
}

/** Where a rebuild's time went (ms). read/segment/write are busy times summed inside the overlapped load. */
export interface RebuildStages {
  workers: number;
  /** Connecting and starting the workers. */
  startMs: number;
  loadMs: number;
  readMs: number;
  segmentMs: number;
  writeMs: number;
  indexMs: Record<string, number>;
  analyzeMs: number;
  swapMs: number;
}

export interface SearchIndexStatus {
  documents: number;
  /** Record changes not yet reflected in the index, and the age of the oldest in seconds (0 = none). */
  pending: number;
  lagSeconds: number;
}
