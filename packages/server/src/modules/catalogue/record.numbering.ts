import { sql } from 'kysely';
import type { RecordFields, SchemeBody } from '@lantai/api';
import type { Conn } from '../../platform/db/database.ts';
import { itemInVolumeCode, renderCode, renderPrefix } from '../scheme/archival-code.ts';

export interface NumberingTarget {
  categoryId: string;
  categoryCode: string;
  fondsCode: string;
  scheme: SchemeBody;
  /** A 件 inside a 卷 counts within the 卷 and takes the 卷's 档号 as prefix. */
  volume?: { id: string; archivalCode: string };
}

/** The lowest class a record counts in, as a counter key, plus its 档号 prefix. */
export function classOf(t: NumberingTarget, f: Pick<RecordFields, 'year' | 'retention' | 'orgCode' | 'catalogueNo'>) {
  if (t.volume) return { counterKey: `vol:${t.volume.id}`, prefix: t.volume.archivalCode, missing: [] as string[] };
  const { prefix, missing } = renderPrefix(t.scheme.codeRule, {
    fonds: t.fondsCode, category: t.categoryCode, year: f.year, retention: f.retention, org: f.orgCode, catalogueNo: f.catalogueNo,
  });
  return { counterKey: `${t.categoryId}:${prefix}`, prefix, missing };
}

export const codeFor = (t: NumberingTarget, prefix: string, seqNo: number) =>
  t.volume ? itemInVolumeCode(prefix, seqNo) : renderCode(t.scheme.codeRule, prefix, seqNo);

/**
 * The next number in a class. The counter row stays locked until the caller's transaction ends:
 * concurrent archiving in the same class waits instead of duplicating, and a rollback returns the
 * number, so no gap is left.
 */
export async function takeNumber(tx: Conn, counterKey: string): Promise<number> {
  const r = await sql<{ last_no: number }>`
    insert into item_counters (counter_key, last_no) values (${counterKey}, 1)
    on conflict (counter_key) do update set last_no = item_counters.last_no + 1
    returning last_no`.execute(tx);
  return r.rows[0]!.last_no;
}

/** Sets a class counter to the highest number in use (after a renumber). */
export async function resetCounter(tx: Conn, counterKey: string): Promise<void> {
  await sql`
    insert into item_counters (counter_key, last_no)
    values (${counterKey}, coalesce((select max(seq_no) from records where counter_key = ${counterKey}), 0))
    on conflict (counter_key) do update set last_no = excluded.last_no`.execute(tx);
}
