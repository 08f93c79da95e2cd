import type { z } from 'zod';
import { RecordFields, type BatchEdit, type ExtraField, type RenumberBody, type SchemeBody } from '@lantai/api';
import type { Db } from '../../platform/db/database.ts';
import { DomainError, forbidden, notFound } from '../../http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { actorAudit, type RequestCtx } from '../auth/index.ts';
import { actorName, assertFondsVisible, catalogueScope } from '../fonds/fonds.policy.ts';
import { findCategory } from '../scheme/scheme.repository.ts';
import { fieldColumns, presentRecord } from './record.presenter.ts';
import { classOf, codeFor, resetCounter } from './record.numbering.ts';
import { validateRecord } from './record.validate.ts';
import type { RecordService } from './record.service.ts';

export function createBatchService({ db, records }: { db: Db; records: Pick<RecordService, 'visible'> }) {
  const audit = (ctx: RequestCtx) => ({ ...actorAudit(ctx.actor), requestId: ctx.requestId, ip: ctx.ip });

  /** Sets the same descriptive fields on many records, all or nothing; each record gets a version. */
  async function batchEdit(body: z.infer<typeof BatchEdit>, ctx: RequestCtx) {
    const scope = catalogueScope(ctx.actor);
    return db.transaction().execute(async (tx) => {
      const issues: { path: string; message: string }[] = [];
      for (const [i, id] of [...new Set(body.ids)].entries()) {
        const before = await records.visible(tx, id, scope, true);
        const cat = await tx.selectFrom('categories').select('extra_fields').where('id', '=', before.category_id).executeTakeFirstOrThrow();
        const scheme = await tx.selectFrom('schemes').select('body').where('id', '=', before.scheme_id).executeTakeFirstOrThrow();
        const merged = RecordFields.parse({ ...presentRecord(before), ...body.set });
        for (const x of validateRecord(merged, scheme.body as SchemeBody, cat.extra_fields as ExtraField[])) issues.push({ path: `ids.${i}.${x.path}`, message: x.message });
        if (issues.length) continue;
        const r = await tx.updateTable('records').set({ ...fieldColumns(body.set), version: before.version + 1, updated_at: new Date() } as never)
          .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
        await tx.insertInto('record_versions').values({ record_id: id, version: r.version, action: 'batch', actor: actorName(ctx.actor), data: JSON.stringify(presentRecord(r)) }).execute();
      }
      if (issues.length) throw new DomainError('record_invalid', 400, issues);
      await appendAudit(tx, { ...audit(ctx), action: 'record.batch', outcome: 'success', targetType: 'record', detail: { ids: body.ids, set: body.set } });
      return { updated: new Set(body.ids).size };
    });
  }

  /**
   * 重新编号: closes the gaps among the drafts of one class. Archived records keep their numbers;
   * drafts follow them in their present order. Every old→new 档号 is in the audit row.
   */
  async function renumber(body: z.infer<typeof RenumberBody>, ctx: RequestCtx) {
    const scope = catalogueScope(ctx.actor);
    if (!scope.canManage) throw forbidden();
    return db.transaction().execute(async (tx) => {
      const c = await findCategory(tx, body.categoryId);
      if (!c) throw notFound();
      assertFondsVisible(scope, c.fonds_code);
      const members = await tx.selectFrom('records').selectAll().where('category_id', '=', c.id).where('year', '=', body.year)
        .where('retention', '=', body.retention).where('org_code', '=', body.orgCode).where('parent_id', 'is', null).orderBy('seq_no').forUpdate().execute();
      const byKey = new Map<string, typeof members>();
      for (const m of members) byKey.set(m.counter_key, [...(byKey.get(m.counter_key) ?? []), m]);
      const changes: { id: string; from: string; to: string }[] = [];
      for (const [key, rows] of byKey) {
        await tx.selectFrom('item_counters').select('last_no').where('counter_key', '=', key).forUpdate().execute();
        const fixed = rows.filter((r) => r.status === 'archived');
        let next = fixed.reduce((m, r) => Math.max(m, r.seq_no), 0);
        const drafts = rows.filter((r) => r.status === 'draft');
        // Move drafts out of the way first so the (counter_key, seq_no) unique index never sees a clash.
        for (const d of drafts) await tx.updateTable('records').set({ seq_no: d.seq_no + 10_000_000 }).where('id', '=', d.id).execute();
        for (const d of drafts) {
          const scheme = (await tx.selectFrom('schemes').select('body').where('id', '=', d.scheme_id).executeTakeFirstOrThrow()).body as SchemeBody;
          const t = { categoryId: c.id, categoryCode: c.code, fondsCode: c.fonds_code, scheme };
          const { prefix } = classOf(t, { year: d.year, retention: d.retention as 'Y', orgCode: d.org_code, catalogueNo: d.catalogue_no });
          const to = codeFor(t, prefix, ++next);
          const u = await tx.updateTable('records').set({ seq_no: next, archival_code: to, version: d.version + 1, updated_at: new Date() }).where('id', '=', d.id).returningAll().executeTakeFirstOrThrow();
          await tx.insertInto('record_versions').values({ record_id: d.id, version: u.version, action: 'renumber', actor: actorName(ctx.actor), data: JSON.stringify(presentRecord(u)) }).execute();
          if (to !== d.archival_code) changes.push({ id: d.id, from: d.archival_code, to });
        }
        await resetCounter(tx, key);
      }
      await appendAudit(tx, { ...audit(ctx), action: 'record.renumber', outcome: 'success', targetType: 'category', targetId: c.id, detail: { class: body, changes } });
      return { changed: changes.length, changes };
    });
  }

  return { batchEdit, renumber };
}
export type BatchService = ReturnType<typeof createBatchService>;
