import type { Selectable } from 'kysely';
import type { z } from 'zod';
import { RecordFields, type ExtraField, type RecordCreate, type RecordPatch, type SchemeBody } from '@lantai/api';
import type { Conn, Db } from '../../platform/db/database.ts';
import type { RecordsTable } from '../../platform/db/schema.ts';
import { DomainError, conflict, forbidden, notFound } from '../../http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { actorAudit, type RequestCtx } from '../auth/index.ts';
import { actorName, assertFondsVisible, catalogueScope, type CatalogueScope } from '../fonds/fonds.policy.ts';
import { currentScheme, findCategory } from '../scheme/scheme.repository.ts';
import { fieldColumns, presentRecord } from './record.presenter.ts';
import { classOf, codeFor, takeNumber, type NumberingTarget } from './record.numbering.ts';
import { validateRecord } from './record.validate.ts';

const CLASS_FIELDS = ['year', 'retention', 'orgCode', 'catalogueNo'] as const;

/** Called inside the transaction that archives an archived record or changes one (e.g. to enqueue its AIP build). */
export type ArchivedHook = (tx: Conn, recordIds: string[], by: string) => Promise<void>;

export function createRecordService({ db, onArchived }: { db: Db; onArchived?: ArchivedHook }) {
  const audit = (ctx: RequestCtx) => ({ ...actorAudit(ctx.actor), requestId: ctx.requestId, ip: ctx.ip });

  /** A record the actor may see (fonds scope and 密级), or 404 — never 403, so ids do not leak. */
  async function visible(conn: Conn, id: string, scope: CatalogueScope, lock = false) {
    let q = db.selectFrom('records').innerJoin('fonds', 'fonds.id', 'records.fonds_id').selectAll('records').select('fonds.code as fonds_code').where('records.id', '=', id);
    if (lock) q = q.forUpdate();
    const r = await (conn as Db).executeQuery(q.compile()).then((x) => x.rows[0] as (Selectable<RecordsTable> & { fonds_code: string }) | undefined);
    if (!r || !scope.securities.includes(r.security as never)) throw notFound();
    assertFondsVisible(scope, r.fonds_code);
    return r;
  }

  async function target(conn: Conn, categoryId: string, scope: CatalogueScope, schemeId?: string) {
    const c = await findCategory(conn, categoryId);
    if (!c) throw notFound();
    assertFondsVisible(scope, c.fonds_code);
    const s = schemeId ? await conn.selectFrom('schemes').selectAll().where('id', '=', schemeId).executeTakeFirst() : await currentScheme(conn, categoryId);
    if (!s) throw new DomainError('no_approved_scheme', 409);
    return { c, s, scheme: s.body as SchemeBody, extra: c.extra_fields as ExtraField[] };
  }

  function check(f: z.infer<typeof RecordFields>, scheme: SchemeBody, extra: ExtraField[], missing: string[] = []) {
    const issues = validateRecord(f, scheme, extra);
    for (const m of missing) issues.push({ path: m, message: `档号缺少构成项 ${m} / the 档号 needs ${m}` });
    if (issues.length) throw new DomainError('record_invalid', 400, issues);
  }

  async function snapshot(tx: Conn, r: Selectable<RecordsTable>, action: string, actor: string) {
    await tx.insertInto('record_versions').values({ record_id: r.id, version: r.version, action, actor, data: JSON.stringify(presentRecord(r)) }).execute();
  }

  async function create(input: z.infer<typeof RecordCreate>, ctx: RequestCtx) {
    const scope = catalogueScope(ctx.actor);
    return db.transaction().execute(async (tx) => {
      const { c, s, scheme, extra } = await target(tx, input.categoryId, scope);
      const kind = input.kind ?? (c.mode === 'volume' && !input.parentId ? 'volume' : 'item');
      let volume: NumberingTarget['volume'];
      if (input.parentId) {
        const p = await visible(tx, input.parentId, scope, true);
        if (p.kind !== 'volume' || p.category_id !== c.id) throw new DomainError('record_invalid', 400, [{ path: 'parentId', message: '上级须为同一门类的案卷 / parent must be a volume of this category' }]);
        volume = { id: p.id, archivalCode: p.archival_code };
      } else if (c.mode === 'volume' && kind === 'item') {
        throw new DomainError('record_invalid', 400, [{ path: 'parentId', message: '卷模式下的件须属于一个案卷 / an item needs its volume' }]);
      }
      const t: NumberingTarget = { categoryId: c.id, categoryCode: c.code, fondsCode: c.fonds_code, scheme, volume };
      const { counterKey, prefix, missing } = classOf(t, input);
      check(input, scheme, extra, missing);
      const seqNo = await takeNumber(tx, counterKey);
      const code = codeFor(t, prefix, seqNo);
      const r = await tx.insertInto('records').values({
        fonds_id: c.fonds_id, category_id: c.id, scheme_id: s.id, kind, parent_id: volume?.id ?? null, archival_code: code, counter_key: counterKey,
        seq_no: seqNo, created_by: actorName(ctx.actor), ...fieldColumns(input),
      } as never).returningAll().executeTakeFirstOrThrow().catch((e: Error) => {
        if (/records_code_uq/.test(e.message)) throw conflict('duplicate_code');
        throw e;
      });
      await snapshot(tx, r, 'create', actorName(ctx.actor));
      await appendAudit(tx, { ...audit(ctx), action: 'record.create', outcome: 'success', targetType: 'record', targetId: r.id, after: presentRecord(r), detail: { archivalCode: code } });
      return presentRecord(r);
    });
  }

  async function get(id: string, ctx: RequestCtx) {
    const r = await visible(db, id, catalogueScope(ctx.actor));
    const n = await db.selectFrom('record_files').select((eb) => eb.fn.countAll<number>().as('n')).where('record_id', '=', id).executeTakeFirstOrThrow();
    return presentRecord(r, Number(n.n));
  }

  /**
   * Edits with optimistic concurrency (the caller's version must be current). Changing a class field
   * of a draft moves it to the end of its new class with a new 档号, explicitly and audited; an
   * archived record's class fields are frozen.
   */
  async function update(id: string, patch: z.infer<typeof RecordPatch>, ctx: RequestCtx) {
    const scope = catalogueScope(ctx.actor);
    return db.transaction().execute(async (tx) => {
      const before = await visible(tx, id, scope, true);
      if (before.version !== patch.version) throw conflict('stale_version');
      const { version: _v, ...fields } = patch;
      const merged = RecordFields.parse({ ...presentRecord(before), ...fields });
      const classChanged = CLASS_FIELDS.some((k) => fields[k] !== undefined && fields[k] !== presentRecord(before)[k]);
      if (classChanged && before.status === 'archived') throw conflict('code_frozen');
      const { c, scheme, extra } = await target(tx, before.category_id, scope, before.scheme_id);
      let numbering = {};
      if (classChanged && !before.parent_id) {
        const t: NumberingTarget = { categoryId: c.id, categoryCode: c.code, fondsCode: c.fonds_code, scheme };
        const { counterKey, prefix, missing } = classOf(t, merged);
        check(merged, scheme, extra, missing);
        const seqNo = await takeNumber(tx, counterKey);
        numbering = { counter_key: counterKey, seq_no: seqNo, archival_code: codeFor(t, prefix, seqNo) };
      } else check(merged, scheme, extra);
      const r = await tx.updateTable('records').set({ ...fieldColumns(fields), ...numbering, version: before.version + 1, updated_at: new Date() } as never)
        .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await snapshot(tx, r, classChanged ? 'reclassify' : 'update', actorName(ctx.actor));
      if (before.status === 'archived') await onArchived?.(tx, [id], actorName(ctx.actor));
      await appendAudit(tx, { ...audit(ctx), action: classChanged ? 'record.reclassify' : 'record.update', outcome: 'success', targetType: 'record', targetId: id,
        before: presentRecord(before), after: presentRecord(r), detail: classChanged ? { from: before.archival_code, to: r.archival_code } : {} });
      return presentRecord(r);
    });
  }

  /** 归档: fixes the 档号 for good. Only the 档案管理员 archives. */
  async function archive(ids: string[], ctx: RequestCtx) {
    const scope = catalogueScope(ctx.actor);
    if (!scope.canManage) throw forbidden();
    return db.transaction().execute(async (tx) => {
      let n = 0;
      const done: string[] = [];
      for (const id of ids) {
        const r = await visible(tx, id, scope, true);
        if (r.status === 'archived') continue;
        const u = await tx.updateTable('records').set({ status: 'archived', archived_at: new Date(), version: r.version + 1, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
        await snapshot(tx, u, 'archive', actorName(ctx.actor));
        done.push(id);
        n++;
      }
      if (done.length) await onArchived?.(tx, done, actorName(ctx.actor));
      await appendAudit(tx, { ...audit(ctx), action: 'record.archive', outcome: 'success', targetType: 'record', detail: { ids, archived: n } });
      return { archived: n };
    });
  }

  async function remove(id: string, ctx: RequestCtx) {
    const scope = catalogueScope(ctx.actor);
    await db.transaction().execute(async (tx) => {
      const r = await visible(tx, id, scope, true);
      if (r.status === 'archived') throw conflict('record_archived');
      const children = await tx.selectFrom('records').select('id').where('parent_id', '=', id).limit(1).executeTakeFirst();
      const files = await tx.selectFrom('record_files').select('id').where('record_id', '=', id).limit(1).executeTakeFirst();
      if (children || files) throw new DomainError('conflict', 409, [{ path: 'id', message: '请先移除卷内件和附件 / remove its items and files first' }]);
      await tx.deleteFrom('records').where('id', '=', id).execute();
      await appendAudit(tx, { ...audit(ctx), action: 'record.delete', outcome: 'success', targetType: 'record', targetId: id, before: presentRecord(r) });
    });
  }

  async function history(id: string, ctx: RequestCtx) {
    await visible(db, id, catalogueScope(ctx.actor));
    const rows = await db.selectFrom('record_versions').selectAll().where('record_id', '=', id).orderBy('version').execute();
    return { items: rows.map((v) => ({ version: v.version, action: v.action, actor: v.actor, at: v.at.toISOString(), data: v.data })) };
  }

  return { create, get, update, archive, remove, history, visible };
}
export type RecordService = ReturnType<typeof createRecordService>;
