import { sql, type Selectable } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { AccessDecisionsTable, AccessDeliveriesTable, AccessRequestsTable } from '../../platform/db/schema.ts';

export type RequestRow = Selectable<AccessRequestsTable>;
export type DeliveryRow = Selectable<AccessDeliveriesTable> & { views: number; downloads: number };
export type DecisionRow = Selectable<AccessDecisionsTable>;
export interface ItemRow { recordId: string; archivalCode: string; title: string; year: number; security: string; fondsCode: string; fileCount: number }

/** Reads of the 利用 tables; the service opens transactions and decides who may see what. */
export function createAccessRepository(db: Db) {
  const items = (tx: Db, requestId: string): Promise<ItemRow[]> =>
    tx.selectFrom('access_request_items as i').innerJoin('records as r', 'r.id', 'i.record_id').innerJoin('fonds as f', 'f.id', 'r.fonds_id')
      .select(['r.id as recordId', 'r.archival_code as archivalCode', 'r.title', 'r.year', 'r.security', 'f.code as fondsCode',
        (eb) => eb.selectFrom('record_files as rf').whereRef('rf.record_id', '=', 'r.id').select((e) => e.fn.countAll<string>().as('n')).as('fileCount')])
      .where('i.request_id', '=', requestId).orderBy('r.archival_code').execute()
      .then((rows) => rows.map((r) => ({ ...r, fileCount: Number(r.fileCount ?? 0) })));

  const recordsByIds = (tx: Db, ids: string[]) =>
    ids.length === 0 ? Promise.resolve([]) : tx.selectFrom('records as r').innerJoin('fonds as f', 'f.id', 'r.fonds_id')
      .select(['r.id', 'r.security', 'f.code as fondsCode']).where('r.id', 'in', ids).execute();

  const decisions = (tx: Db, requestId: string) =>
    tx.selectFrom('access_decisions').selectAll().where('request_id', '=', requestId).orderBy('step_index').execute();

  const deliveries = (tx: Db, requestId: string): Promise<DeliveryRow[]> =>
    tx.selectFrom('access_deliveries as d').selectAll('d')
      .select([
        sql<string>`(select count(*) from access_events e where e.delivery_id = d.id and e.kind = 'view')`.as('views'),
        sql<string>`(select count(*) from access_events e where e.delivery_id = d.id and e.kind <> 'view')`.as('downloads'),
      ])
      .where('d.request_id', '=', requestId).orderBy('d.created_at').execute()
      .then((rows) => rows.map((r) => ({ ...r, views: Number(r.views), downloads: Number(r.downloads) })));

  return {
    items, recordsByIds, decisions, deliveries,
    get: (tx: Db, id: string, lock = false) => {
      const q = tx.selectFrom('access_requests').selectAll().where('id', '=', id);
      return (lock ? q.forUpdate() : q).executeTakeFirst();
    },
    byNumber: (number: string) => db.selectFrom('access_requests').selectAll().where('number', '=', number).executeTakeFirst(),
    /** Requests filed in the last hour by this reader account and from this address (flood control). */
    recentCounts: async (readerId: string | null, ip: string, since: Date) => {
      const r = await db.selectFrom('access_requests').select([
        sql<string>`count(*) filter (where reader_user_id = ${readerId})`.as('reader'),
        sql<string>`count(*) filter (where submit_ip = ${ip})`.as('ip'),
      ]).where('created_at', '>', since).where((eb) => eb.or([eb('submit_ip', '=', ip), ...(readerId ? [eb('reader_user_id', '=', readerId)] : [])])).executeTakeFirstOrThrow();
      return { reader: Number(r.reader), ip: Number(r.ip) };
    },
  };
}
export type AccessRepository = ReturnType<typeof createAccessRepository>;
