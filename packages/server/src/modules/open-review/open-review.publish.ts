import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { appendAudit } from '../audit/index.ts';
import { actorAudit, type RequestCtx } from '../auth/index.ts';
import { neutralise } from '../catalogue-io/export.service.ts';
import { authorizeArchivist } from './open-review.policy.ts';

/** Files the portal may show: image and PDF files, the access copies when a record has any, else the originals. */
const VIEWABLE = sql<boolean>`(rf.mime like 'image/%' or rf.mime = 'application/pdf')`;

export function createPublishService({ db, afterPublish }: { db: Db; afterPublish?: () => void }) {
  /**
   * Publishes the 开放目录: every decided open / redacted review not yet published goes to portal_records (the
   * portal's only source), with the redacted title where the decision says so. Records no longer open (their
   * 开放状态 changed since, or they became classified) are withdrawn. One numbered, audited publication.
   */
  async function publish(ctx: RequestCtx) {
    const s = authorizeArchivist(ctx.actor);
    const result = await db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(hashtext('open-review.publish'))`.execute(tx);
      const withdrawn = await sql`delete from portal_records p using records r where r.id = p.record_id
        and (r.open_status not in ('open','controlled') or r.security <> 'public')`.execute(tx);
      const due = await tx.selectFrom('open_reviews as o').innerJoin('records as r', 'r.id', 'o.record_id').select(['o.id'])
        .where('o.stage', '=', 'decided').where('o.decision', 'in', ['open', 'redacted']).where('o.published_at', 'is', null)
        .where('r.open_status', 'in', ['open', 'controlled']).where('r.security', '=', 'public').execute();
      const withdrawnCount = Number(withdrawn.numAffectedRows ?? 0);
      if (!due.length) return { batchNo: null, published: 0, withdrawn: withdrawnCount };
      const year = new Date().getFullYear();
      const n = await tx.selectFrom('open_publications').select((eb) => eb.fn.countAll<string>().as('n')).where('batch_no', 'like', `KF-${year}-%`).executeTakeFirstOrThrow();
      const batchNo = `KF-${year}-${String(Number(n.n) + 1).padStart(3, '0')}`;
      const pub = await tx.insertInto('open_publications').values({ batch_no: batchNo, count: due.length, published_by: s.name }).returning('id').executeTakeFirstOrThrow();
      const ids = due.map((d) => d.id);
      await sql`
        insert into portal_records (record_id, publication_id, fonds_code, fonds_name, category_name, archival_code, title, responsible,
          doc_number, doc_date, year, pages, redacted, file_ids)
        select r.id, ${pub.id}, f.code, f.name, c.name, r.archival_code,
          case when o.decision = 'redacted' then o.redaction->>'title' else r.title end,
          case when o.decision = 'redacted' then '' else r.responsible end,
          r.doc_number, r.doc_date, r.year, r.pages, o.decision = 'redacted',
          case when o.decision = 'redacted' and (o.redaction->>'hideFiles')::boolean then '{}'::uuid[] else coalesce((
            select array_agg(rf.id order by rf.created_at) from record_files rf where rf.record_id = r.id and ${VIEWABLE}
              and rf.role = case when exists (select 1 from record_files a where a.record_id = r.id and a.role = 'access') then 'access' else 'original' end
          ), '{}') end
        from open_reviews o join records r on r.id = o.record_id join fonds f on f.id = r.fonds_id join categories c on c.id = r.category_id
        where o.id = any(${ids}::uuid[])
        on conflict (record_id) do update set publication_id = excluded.publication_id, title = excluded.title, responsible = excluded.responsible,
          redacted = excluded.redacted, file_ids = excluded.file_ids, published_at = now()`.execute(tx);
      await tx.updateTable('open_reviews').set({ published_at: new Date() }).where('id', 'in', ids).execute();
      await appendAudit(tx, { ...actorAudit(ctx.actor), requestId: ctx.requestId, ip: ctx.ip, action: 'open-review.publish', outcome: 'success',
        targetType: 'open_publication', targetId: pub.id, detail: { batchNo, published: ids.length, withdrawn: withdrawnCount } });
      return { batchNo, published: ids.length, withdrawn: withdrawnCount };
    });
    afterPublish?.();
    return result;
  }

  /** The 开放目录 as published (what the portal shows), as xlsx or csv. */
  async function exportCatalogue(format: 'csv' | 'xlsx', ctx: RequestCtx) {
    authorizeArchivist(ctx.actor);
    const rows = await db.selectFrom('portal_records as p').innerJoin('open_publications as b', 'b.id', 'p.publication_id')
      .select(['p.archival_code', 'p.fonds_name', 'p.category_name', 'p.year', 'p.title', 'p.responsible', 'p.doc_number', 'p.doc_date', 'p.pages', 'p.redacted', 'b.batch_no', 'p.published_at'])
      .orderBy('p.archival_code').execute();
    const header = ['档号', '全宗名称', '门类', '年度', '题名', '责任者', '文号', '日期', '页数', '开放方式', '公布批次', '公布日期'];
    const cells = rows.map((r) => [r.archival_code, r.fonds_name, r.category_name, r.year, r.title, r.responsible, r.doc_number, r.doc_date, r.pages,
      r.redacted ? '删节开放' : '开放', r.batch_no, r.published_at.toISOString().slice(0, 10)].map(neutralise));
    await appendAudit(db, { ...actorAudit(ctx.actor), requestId: ctx.requestId, ip: ctx.ip, action: 'open-review.export', outcome: 'success', targetType: 'open_publication', detail: { format, rows: rows.length } });
    const stamp = new Date().toISOString().slice(0, 10);
    if (format === 'csv') {
      return { body: Buffer.from('\ufeff' + stringify([header, ...cells])), filename: `开放目录-${stamp}.csv`, contentType: 'text/csv; charset=utf-8' };
    }
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('开放目录');
    ws.addRow(header).font = { bold: true };
    for (const c of cells) ws.addRow(c);
    ws.columns.forEach((col, i) => { col.width = [24, 20, 10, 8, 50, 16, 18, 10, 6, 10, 12, 12][i]; });
    return { body: Buffer.from(await wb.xlsx.writeBuffer()), filename: `开放目录-${stamp}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
  }

  return { publish, exportCatalogue };
}
export type PublishService = ReturnType<typeof createPublishService>;
