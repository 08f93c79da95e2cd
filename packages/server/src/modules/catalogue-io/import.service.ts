import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import type { z } from 'zod';
import type { ExtraField, ImportEncoding, ImportErrorsQuery, ImportMapping, ImportTemplateBody, ImportValidateBody, ImportsQuery } from '@lantai/api';
import type { Conn, Db } from '../../platform/db/database.ts';
import type { JobQueue } from '../../platform/jobs/job-queue.ts';
import type { ImportJobPayload } from '../../platform/jobs/job-types.ts';
import { conflict, DomainError, invalid, notFound } from '../../http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { actorAudit, type RequestCtx } from '../auth/index.ts';
import { actorName, assertFondsVisible, catalogueScope } from '../fonds/fonds.policy.ts';
import { findCategory } from '../scheme/scheme.repository.ts';
import { detectEncoding, readSample, sniffFormat } from './import.encoding.ts';
import { importFile, importIdle } from './import.pass.ts';
import { previewFile } from './import.preview.ts';
import { findImport, findTemplate, pageIssues, presentImport, presentTemplate, saveTemplate, setImport } from './import.repository.ts';

export function createImportService({ db, jobs, dataDir }: { db: Db; jobs: JobQueue; dataDir: string }) {
  async function category(categoryId: string, ctx: RequestCtx) {
    const scope = catalogueScope(ctx.actor);
    const c = await findCategory(db, categoryId);
    if (!c) throw notFound();
    assertFondsVisible(scope, c.fonds_code);
    return { c, scope };
  }

  /** An import of a fonds the actor sees, started by them (the 档案管理员 sees every import); else 404. */
  async function visible(id: string, ctx: RequestCtx) {
    const scope = catalogueScope(ctx.actor);
    const imp = await findImport(db, id);
    if (!imp) throw notFound();
    const { c } = await category(imp.category_id, ctx);
    if (!scope.canManage && imp.created_by !== actorName(ctx.actor)) throw notFound();
    return { imp, c, scope };
  }

  /** A validation or commit whose process died (kill -9) left its status behind but holds no lock: it may run again. */
  const stale = async (tx: Conn, id: string, status: string) => (status === 'validating' || status === 'committing') && importIdle(tx, id);

  const payload = (id: string, ctx: RequestCtx, securities: string[]): ImportJobPayload => {
    const a = actorAudit(ctx.actor);
    return { importId: id, actor: { id: a.actorId, name: actorName(ctx.actor), roles: a.actorRoles }, securities, requestId: ctx.requestId, ip: ctx.ip };
  };

  /** Takes over an uploaded temp file: sniffs xlsx or csv (and the csv's encoding) and records the import. */
  async function register(u: { tmpPath: string; filename: string; categoryId: string; encoding?: ImportEncoding }, ctx: RequestCtx) {
    const { c } = await category(u.categoryId, ctx);
    const head = await readSample(u.tmpPath);
    const format = sniffFormat(head);
    const binary = format === 'csv' && ((head.subarray(0, 4096).includes(0) && !/^utf-16/.test(detectEncoding(head))) || head.subarray(0, 5).toString('latin1') === '%PDF-');
    if (format === 'xls' || head.length === 0 || binary) {
      throw new DomainError('unsupported_file', 415);
    }
    const detected = format === 'csv' ? detectEncoding(head) : 'utf-8';
    const id = randomUUID();
    const { size } = await fs.stat(u.tmpPath);
    await fs.mkdir(importFile(dataDir, ''), { recursive: true });
    await fs.rename(u.tmpPath, importFile(dataDir, id));
    const r = await db.transaction().execute(async (tx) => {
      const row = await tx.insertInto('imports').values({
        id, fonds_id: c.fonds_id, category_id: c.id, filename: u.filename.slice(-255) || 'upload', format, size,
        encoding: format === 'csv' ? (u.encoding ?? detected) : 'utf-8', detected_encoding: detected, created_by: actorName(ctx.actor),
      }).returningAll().executeTakeFirstOrThrow();
      await appendAudit(tx, { ...actorAudit(ctx.actor), action: 'import.upload', outcome: 'success', targetType: 'import', targetId: id,
        detail: { categoryId: c.id, filename: row.filename, size, format }, requestId: ctx.requestId, ip: ctx.ip });
      return row;
    });
    return presentImport(r);
  }

  async function list(q: z.infer<typeof ImportsQuery>, ctx: RequestCtx) {
    const scope = catalogueScope(ctx.actor);
    let query = db.selectFrom('imports').innerJoin('fonds', 'fonds.id', 'imports.fonds_id').selectAll('imports').orderBy('imports.created_at', 'desc').limit(q.limit);
    if (q.categoryId) query = query.where('imports.category_id', '=', q.categoryId);
    if (!scope.canManage) query = query.where('imports.created_by', '=', actorName(ctx.actor));
    if (scope.fondsCodes) query = query.where('fonds.code', 'in', scope.fondsCodes.length ? scope.fondsCodes : ['']);
    return { items: (await query.execute()).map(presentImport) };
  }

  async function preview(id: string, encoding: ImportEncoding | undefined, ctx: RequestCtx) {
    const { imp, c } = await visible(id, ctx);
    const enc = imp.format === 'csv' ? (encoding ?? (imp.encoding as ImportEncoding)) : 'utf-8';
    const t = await findTemplate(db, c.id);
    return previewFile(importFile(dataDir, imp.id), imp.format, enc, c.extra_fields as ExtraField[], t ?? undefined, imp.detected_encoding);
  }

  async function startValidate(id: string, body: z.infer<typeof ImportValidateBody>, ctx: RequestCtx) {
    const { imp, c, scope } = await visible(id, ctx);
    const extraKeys = new Set((c.extra_fields as ExtraField[]).map((x) => `extra.${x.key}`));
    const bad = Object.entries(body.mapping).filter(([, t]) => t?.startsWith('extra.') && !extraKeys.has(t));
    const seen = new Set<string>();
    const twice = Object.entries(body.mapping).filter(([, t]) => t && (seen.has(t) || !seen.add(t)));
    const issues = [
      ...bad.map(([h, t]) => ({ path: `mapping.${h}`, message: `该门类没有扩展字段 ${t} / no such extra field` })),
      ...twice.map(([h, t]) => ({ path: `mapping.${h}`, message: `${t} 已对应到另一列 / ${t} is already mapped to another column` })),
    ];
    if (issues.length) throw invalid(issues);
    return db.transaction().execute(async (tx) => {
      const locked = await tx.selectFrom('imports').select('status').where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
      if (!['uploaded', 'validated', 'failed'].includes(locked.status) && !(await stale(tx, id, locked.status))) throw conflict('import_state');
      const jobId = await jobs.enqueue('import.validate', payload(id, ctx, scope.securities), { tx, createdBy: actorName(ctx.actor) });
      const r = await setImport(tx, id, {
        status: 'validating', mapping: JSON.stringify(body.mapping), keep_codes: body.keepCodes, allow_suspect_text: body.allowSuspectText,
        encoding: imp.format === 'csv' ? (body.encoding ?? imp.encoding) : 'utf-8', total_rows: 0, error_rows: 0, error_count: 0, warning_count: 0,
        validate_job_id: jobId, commit_job_id: null, failure: null,
      });
      if (body.saveTemplate) await saveTemplate(tx, c.id, body.mapping, body.keepCodes, actorName(ctx.actor));
      return { jobId, import: presentImport(r) };
    });
  }

  async function startCommit(id: string, ctx: RequestCtx) {
    const { scope } = await visible(id, ctx);
    return db.transaction().execute(async (tx) => {
      const locked = await tx.selectFrom('imports').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
      if (locked.status !== 'validated' && !(locked.status === 'committing' && (await stale(tx, id, locked.status)))) throw conflict('import_state');
      if (locked.error_rows > 0 || locked.total_rows === 0) throw conflict('import_has_errors');
      const jobId = await jobs.enqueue('import.commit', payload(id, ctx, scope.securities), { tx, createdBy: actorName(ctx.actor) });
      const r = await setImport(tx, id, { status: 'committing', commit_job_id: jobId });
      return { jobId, import: presentImport(r) };
    });
  }

  async function remove(id: string, ctx: RequestCtx) {
    const { imp } = await visible(id, ctx);
    if (imp.status === 'validating' || imp.status === 'committing') throw conflict('import_state');
    await db.deleteFrom('imports').where('id', '=', id).execute();
    await fs.rm(importFile(dataDir, id), { force: true });
  }

  return {
    register, list, preview, startValidate, startCommit, remove,
    checkCategory: async (categoryId: string, ctx: RequestCtx) => { await category(categoryId, ctx); },
    get: async (id: string, ctx: RequestCtx) => presentImport((await visible(id, ctx)).imp),
    errors: async (id: string, q: z.infer<typeof ImportErrorsQuery>, ctx: RequestCtx) => pageIssues(db, (await visible(id, ctx)).imp.id, q),
    async getTemplate(categoryId: string, ctx: RequestCtx) {
      await category(categoryId, ctx);
      const t = await findTemplate(db, categoryId);
      if (!t) throw notFound();
      return presentTemplate(t);
    },
    async putTemplate(body: z.infer<typeof ImportTemplateBody>, ctx: RequestCtx) {
      await category(body.categoryId, ctx);
      return saveTemplate(db, body.categoryId, body.mapping as ImportMapping, body.keepCodes, actorName(ctx.actor));
    },
  };
}
export type ImportService = ReturnType<typeof createImportService>;
