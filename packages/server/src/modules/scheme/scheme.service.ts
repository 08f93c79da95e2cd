import type { z } from 'zod';
import type { CategoryInput, ExtraField, SchemeBody } from '@lantai/api';
import type { Db } from '../../platform/db/database.ts';
import { DomainError, conflict, invalid, notFound } from '../../http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { actorAudit, type RequestCtx } from '../auth/index.ts';
import { actorName, assertFondsVisible, authorizeManage, catalogueScope } from '../fonds/fonds.policy.ts';
import { presentCategory, presentScheme } from './scheme.presenter.ts';
import { currentScheme, findCategory } from './scheme.repository.ts';
import { TEMPLATES } from './templates.ts';
import { counterIndex } from './archival-code.ts';

/** A scheme must number its records: exactly one running number (件号 or 案卷号) matching the 门类 mode. */
function checkBody(body: SchemeBody, mode: 'item' | 'volume') {
  const i = counterIndex(body.codeRule);
  const issues: { path: string; message: string }[] = [];
  if (i < 0 || body.codeRule[i]!.field !== (mode === 'item' ? 'itemNo' : 'volumeNo')) issues.push({ path: 'codeRule', message: mode === 'item' ? '件模式的档号须以件号结尾 / needs itemNo' : '卷模式的档号须含案卷号 / needs volumeNo' });
  if (body.codeRule.filter((e) => e.field === 'itemNo' || e.field === 'volumeNo').length > 1) issues.push({ path: 'codeRule', message: '只能有一个流水号 / one running number only' });
  const codes = body.scope.map((s) => s.code);
  if (new Set(codes).size !== codes.length) issues.push({ path: 'scope', message: '归档范围条目代码重复 / duplicate scope code' });
  if (issues.length) throw invalid(issues);
}

export function createSchemeService({ db }: { db: Db }) {
  const audit = (ctx: RequestCtx) => ({ ...actorAudit(ctx.actor), requestId: ctx.requestId, ip: ctx.ip });

  async function visibleCategory(id: string, ctx: RequestCtx) {
    const scope = catalogueScope(ctx.actor);
    const c = await findCategory(db, id);
    if (!c) throw notFound();
    assertFondsVisible(scope, c.fonds_code);
    return c;
  }

  async function listCategories(fondsId: string, ctx: RequestCtx) {
    const scope = catalogueScope(ctx.actor);
    const f = await db.selectFrom('fonds').select('code').where('id', '=', fondsId).executeTakeFirst();
    if (!f) throw notFound();
    assertFondsVisible(scope, f.code);
    const rows = await db.selectFrom('categories').selectAll().where('fonds_id', '=', fondsId).orderBy('code').execute();
    return { items: await Promise.all(rows.map(async (c) => presentCategory(c, (await currentScheme(db, c.id))?.id ?? null))) };
  }

  async function getCategory(id: string, ctx: RequestCtx) {
    const c = await visibleCategory(id, ctx);
    return presentCategory(c, (await currentScheme(db, id))?.id ?? null);
  }

  async function createCategory(fondsId: string, input: z.infer<typeof CategoryInput>, ctx: RequestCtx) {
    authorizeManage(ctx.actor);
    const t = input.template === 'custom' ? undefined : TEMPLATES[input.template];
    const code = input.code ?? t?.code;
    const mode = input.mode ?? t?.mode;
    if (!code || !mode || !input.name && !t) throw invalid([{ path: 'template', message: '自定义门类须给出代码、名称和模式 / custom needs code, name, mode' }]);
    return db.transaction().execute(async (tx) => {
      const f = await tx.selectFrom('fonds').select(['id', 'code']).where('id', '=', fondsId).executeTakeFirst();
      if (!f) throw notFound();
      const dup = await tx.selectFrom('categories').select('id').where('fonds_id', '=', fondsId).where('code', '=', code).executeTakeFirst();
      if (dup) throw conflict('category_code_taken');
      const c = await tx.insertInto('categories').values({ fonds_id: fondsId, code, name: input.name ?? t!.name, mode, extra_fields: JSON.stringify(input.extraFields) })
        .returningAll().executeTakeFirstOrThrow();
      let schemeId: string | null = null;
      if (t) {
        // The built-in template is the standard itself, so its first version is in force at once.
        const s = await tx.insertInto('schemes').values({ category_id: c.id, version: 1, status: 'approved', body: JSON.stringify(t.body),
          note: '采用内置模板 / from the built-in template', created_by: actorName(ctx.actor), approved_by: actorName(ctx.actor), approved_at: new Date() })
          .returning('id').executeTakeFirstOrThrow();
        schemeId = s.id;
      }
      await appendAudit(tx, { ...audit(ctx), action: 'category.create', outcome: 'success', targetType: 'category', targetId: c.id, detail: { fonds: f.code, code, template: input.template } });
      return presentCategory(c, schemeId);
    });
  }

  async function updateExtraFields(id: string, extraFields: ExtraField[], version: number, ctx: RequestCtx) {
    authorizeManage(ctx.actor);
    return db.transaction().execute(async (tx) => {
      const before = await tx.selectFrom('categories').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!before) throw notFound();
      if (before.version !== version) throw conflict('stale_version');
      const c = await tx.updateTable('categories').set({ extra_fields: JSON.stringify(extraFields), version: version + 1 }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await appendAudit(tx, { ...audit(ctx), action: 'category.fields', outcome: 'success', targetType: 'category', targetId: id, before: before.extra_fields, after: extraFields });
      return presentCategory(c, (await currentScheme(tx, id))?.id ?? null);
    });
  }

  async function listSchemes(categoryId: string, ctx: RequestCtx) {
    await visibleCategory(categoryId, ctx);
    const rows = await db.selectFrom('schemes').selectAll().where('category_id', '=', categoryId).orderBy('version', 'desc').execute();
    return { items: rows.map(presentScheme) };
  }

  async function getScheme(id: string, ctx: RequestCtx) {
    catalogueScope(ctx.actor);
    const s = await db.selectFrom('schemes').selectAll().where('id', '=', id).executeTakeFirst();
    if (!s) throw notFound();
    await visibleCategory(s.category_id, ctx);
    return presentScheme(s);
  }

  /** A new version starts as a draft, copied from the version in force unless a body is given. */
  async function createDraft(categoryId: string, body: SchemeBody | undefined, note: string, ctx: RequestCtx) {
    authorizeManage(ctx.actor);
    return db.transaction().execute(async (tx) => {
      const c = await tx.selectFrom('categories').selectAll().where('id', '=', categoryId).forUpdate().executeTakeFirst();
      if (!c) throw notFound();
      const draft = await tx.selectFrom('schemes').select('id').where('category_id', '=', categoryId).where('status', '=', 'draft').executeTakeFirst();
      if (draft) throw conflict('draft_exists');
      const cur = await currentScheme(tx, categoryId);
      const b = body ?? (cur?.body as SchemeBody | undefined);
      if (!b) throw invalid([{ path: 'body', message: '没有可复制的现行方案 / nothing to copy' }]);
      checkBody(b, c.mode);
      const max = await tx.selectFrom('schemes').select((eb) => eb.fn.max('version').as('v')).where('category_id', '=', categoryId).executeTakeFirst();
      const s = await tx.insertInto('schemes').values({ category_id: categoryId, version: (max?.v ?? 0) + 1, status: 'draft', body: JSON.stringify(b), note, created_by: actorName(ctx.actor) })
        .returningAll().executeTakeFirstOrThrow();
      await appendAudit(tx, { ...audit(ctx), action: 'scheme.draft', outcome: 'success', targetType: 'scheme', targetId: s.id, after: b });
      return presentScheme(s);
    });
  }

  /** Saves a draft whole, if nobody saved it since `editVersion` (else 409 stale_version, nothing changed). */
  async function updateDraft(id: string, body: SchemeBody, note: string | undefined, editVersion: number, ctx: RequestCtx) {
    authorizeManage(ctx.actor);
    return db.transaction().execute(async (tx) => {
      const s = await tx.selectFrom('schemes').innerJoin('categories', 'categories.id', 'schemes.category_id').selectAll('schemes').select('categories.mode')
        .where('schemes.id', '=', id).forUpdate().executeTakeFirst();
      if (!s) throw notFound();
      if (s.status !== 'draft') throw conflict('scheme_not_draft');
      if (s.edit_version !== editVersion) throw conflict('stale_version');
      checkBody(body, s.mode);
      const u = await tx.updateTable('schemes').set({ body: JSON.stringify(body), ...(note !== undefined ? { note } : {}), edit_version: s.edit_version + 1 })
        .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await appendAudit(tx, { ...audit(ctx), action: 'scheme.edit', outcome: 'success', targetType: 'scheme', targetId: id, before: s.body, after: body, detail: { editVersion: u.edit_version } });
      return presentScheme(u);
    });
  }

  /** Approval puts the draft in force and retires the previous version; records keep the version they were numbered under. */
  async function approve(id: string, ctx: RequestCtx) {
    authorizeManage(ctx.actor);
    return db.transaction().execute(async (tx) => {
      const s = await tx.selectFrom('schemes').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!s) throw notFound();
      if (s.status !== 'draft') throw conflict('scheme_not_draft');
      if (s.created_by === actorName(ctx.actor)) throw new DomainError('approver_is_author', 409);
      await tx.updateTable('schemes').set({ status: 'retired' }).where('category_id', '=', s.category_id).where('status', '=', 'approved').execute();
      const u = await tx.updateTable('schemes').set({ status: 'approved', approved_by: actorName(ctx.actor), approved_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await appendAudit(tx, { ...audit(ctx), action: 'scheme.approve', outcome: 'success', targetType: 'scheme', targetId: id, detail: { version: s.version } });
      return presentScheme(u);
    });
  }

  return { listCategories, getCategory, createCategory, updateExtraFields, listSchemes, getScheme, createDraft, updateDraft, approve };
}
export type SchemeService = ReturnType<typeof createSchemeService>;
