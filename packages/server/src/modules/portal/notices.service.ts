import type { z } from 'zod';
import type { Notice, NoticeInput, NoticePatch } from '@lantai/api';
import type { Db } from '../../platform/db/database.ts';
import { conflict, notFound } from '../../http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { actorAudit, type RequestCtx } from '../auth/index.ts';
import { authorizeArchivist } from '../open-review/open-review.policy.ts';
import { asUuid } from './portal.service.ts';

type Row = { id: string; title: string; body: string; published: boolean; version: number; created_by: string; created_at: Date; updated_at: Date };
const present = (n: Row): z.infer<typeof Notice> => ({ id: n.id, title: n.title, body: n.body, published: n.published, version: n.version, createdBy: n.created_by,
  createdAt: n.created_at.toISOString(), updatedAt: n.updated_at.toISOString() });
/** Control characters other than tab and newlines never reach a page. */
const isControl = (c: number) => (c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127;
const clean = (s: string) => Array.from(s).filter((ch) => !isControl(ch.codePointAt(0)!)).join('');

/** Portal notices (通知公告): written by the archivist as plain text; the public sees only published ones. */
export function createNoticesService({ db }: { db: Db }) {
  const audit = (ctx: RequestCtx) => ({ ...actorAudit(ctx.actor), requestId: ctx.requestId, ip: ctx.ip, outcome: 'success' as const, targetType: 'notice' });

  async function list(ctx: RequestCtx) {
    authorizeArchivist(ctx.actor);
    return { items: (await db.selectFrom('portal_notices').selectAll().orderBy('updated_at', 'desc').execute()).map(present) };
  }

  async function create(input: z.infer<typeof NoticeInput>, ctx: RequestCtx) {
    const s = authorizeArchivist(ctx.actor);
    return db.transaction().execute(async (tx) => {
      const n = await tx.insertInto('portal_notices').values({ title: clean(input.title), body: clean(input.body), published: input.published, created_by: s.name })
        .returningAll().executeTakeFirstOrThrow();
      await appendAudit(tx, { ...audit(ctx), action: 'notice.create', targetId: n.id, after: present(n) });
      return present(n);
    });
  }

  async function update(id: string, patch: z.infer<typeof NoticePatch>, ctx: RequestCtx) {
    authorizeArchivist(ctx.actor);
    return db.transaction().execute(async (tx) => {
      const before = await tx.selectFrom('portal_notices').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!before) throw notFound();
      if (before.version !== patch.version) throw conflict('stale_version');
      const n = await tx.updateTable('portal_notices').set({
        ...(patch.title !== undefined ? { title: clean(patch.title) } : {}), ...(patch.body !== undefined ? { body: clean(patch.body) } : {}),
        ...(patch.published !== undefined ? { published: patch.published } : {}), version: before.version + 1, updated_at: new Date(),
      }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await appendAudit(tx, { ...audit(ctx), action: 'notice.update', targetId: id, before: present(before), after: present(n) });
      return present(n);
    });
  }

  async function remove(id: string, ctx: RequestCtx) {
    authorizeArchivist(ctx.actor);
    await db.transaction().execute(async (tx) => {
      const n = await tx.deleteFrom('portal_notices').where('id', '=', id).returningAll().executeTakeFirst();
      if (!n) throw notFound();
      await appendAudit(tx, { ...audit(ctx), action: 'notice.delete', targetId: id, before: present(n) });
    });
    return { ok: true as const };
  }

  async function listPublic() {
    const rows = await db.selectFrom('portal_notices').select(['id', 'title', 'body', 'updated_at']).where('published', '=', true).orderBy('updated_at', 'desc').limit(50).execute();
    return { items: rows.map((n) => ({ id: n.id, title: n.title, body: n.body, updatedAt: n.updated_at.toISOString() })) };
  }

  async function getPublic(id: string) {
    const n = await db.selectFrom('portal_notices').select(['id', 'title', 'body', 'updated_at']).where('id', '=', asUuid(id)).where('published', '=', true).executeTakeFirst();
    if (!n) throw notFound();
    return { id: n.id, title: n.title, body: n.body, updatedAt: n.updated_at.toISOString() };
  }

  return { list, create, update, remove, listPublic, getPublic };
}
export type NoticesService = ReturnType<typeof createNoticesService>;
