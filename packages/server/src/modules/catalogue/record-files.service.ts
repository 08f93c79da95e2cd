import type { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import type { Selectable } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { RecordFilesTable } from '../../platform/db/schema.ts';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import { conflict, forbidden, notFound } from '../../http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { actorAudit, type RequestCtx } from '../auth/index.ts';
import { actorName, catalogueScope } from '../fonds/fonds.policy.ts';
import type { RecordService } from './record.service.ts';
import { verifiedRead } from '../preservation/read-check.ts';

export const presentFile = (f: Selectable<RecordFilesTable>) => ({
  id: f.id, recordId: f.record_id, role: f.role as 'original', filename: f.filename, mime: f.mime, size: Number(f.size), sha256: f.sha256, sm3: f.sm3,
  createdBy: f.created_by, createdAt: f.created_at.toISOString(),
});

/** The first bytes decide the type, never the file name (a .pdf that is an exe is an exe). */
async function sniff(storage: ObjectStorage, sha256: string): Promise<string> {
  const s = await storage.get(sha256);
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of s) {
    chunks.push(c as Buffer);
    n += (c as Buffer).length;
    if (n >= 4100) break;
  }
  s.destroy();
  const head = Buffer.concat(chunks).subarray(0, 4100);
  const t = await fileTypeFromBuffer(head);
  if (t) return t.mime;
  return head.length && !head.includes(0) ? 'text/plain' : 'application/octet-stream';
}

/**
 * Files of a record. Bytes go to the content-addressed store first (digest verified), then the row
 * and its audit commit together; if that transaction fails the object is removed again unless
 * another row already points to the same bytes — so no orphan and no dangling row.
 */
export function createRecordFileService({ db, storage, records }: { db: Db; storage: ObjectStorage; records: Pick<RecordService, 'visible'> }) {
  async function add(recordId: string, file: { filename: string; stream: Readable; expectedSha256?: string }, ctx: RequestCtx) {
    const scope = catalogueScope(ctx.actor);
    await records.visible(db, recordId, scope);
    const put = await storage.put(file.stream, file.expectedSha256 ? { expectedSha256: file.expectedSha256 } : {});
    try {
      const mime = await sniff(storage, put.sha256);
      return await db.transaction().execute(async (tx) => {
        const r = await records.visible(tx, recordId, scope, true);
        if (r.status === 'archived' && !scope.canManage) throw forbidden();
        const row = await tx.insertInto('record_files').values({
          record_id: recordId, filename: file.filename.slice(0, 255) || 'file', mime, size: put.size, sha256: put.sha256, sm3: put.sm3, created_by: actorName(ctx.actor),
        }).returningAll().executeTakeFirstOrThrow();
        await appendAudit(tx, { ...actorAudit(ctx.actor), action: 'record.file.add', outcome: 'success', targetType: 'record', targetId: recordId, requestId: ctx.requestId, ip: ctx.ip,
          detail: { fileId: row.id, filename: row.filename, sha256: put.sha256, sm3: put.sm3, size: put.size, mime } });
        return presentFile(row);
      });
    } catch (e) {
      if (put.created) await removeIfUnreferenced(put.sha256);
      throw e;
    }
  }

  /** Who may add files to this record, checked before a byte of the upload is read. */
  async function precheck(recordId: string, ctx: RequestCtx) {
    await records.visible(db, recordId, catalogueScope(ctx.actor));
  }

  async function removeIfUnreferenced(sha256: string) {
    const used = await db.selectFrom('record_files').select('id').where('sha256', '=', sha256).limit(1).executeTakeFirst();
    if (!used) await storage.delete(sha256).catch(() => false);
  }

  async function list(recordId: string, ctx: RequestCtx) {
    await records.visible(db, recordId, catalogueScope(ctx.actor));
    const rows = await db.selectFrom('record_files').selectAll().where('record_id', '=', recordId).orderBy('created_at').execute();
    return { items: rows.map(presentFile) };
  }

  /** Streams the bytes, verifying the digest as they flow (every read is a fixity check). Archivists only. */
  async function open(recordId: string, fileId: string, ctx: RequestCtx) {
    const scope = catalogueScope(ctx.actor);
    await records.visible(db, recordId, scope);
    const f = await db.selectFrom('record_files').selectAll().where('id', '=', fileId).where('record_id', '=', recordId).executeTakeFirst();
    if (!f) throw notFound();
    await appendAudit(db, { ...actorAudit(ctx.actor), action: 'record.file.read', outcome: 'success', targetType: 'record', targetId: recordId, requestId: ctx.requestId, ip: ctx.ip, detail: { fileId } });
    return { file: presentFile(f), stream: await verifiedRead(storage, f.sha256, { recordId }) };
  }

  async function remove(recordId: string, fileId: string, ctx: RequestCtx) {
    const scope = catalogueScope(ctx.actor);
    const sha = await db.transaction().execute(async (tx) => {
      const r = await records.visible(tx, recordId, scope, true);
      if (r.status === 'archived') throw conflict('record_archived');
      const f = await tx.deleteFrom('record_files').where('id', '=', fileId).where('record_id', '=', recordId).returningAll().executeTakeFirst();
      if (!f) throw notFound();
      await appendAudit(tx, { ...actorAudit(ctx.actor), action: 'record.file.delete', outcome: 'success', targetType: 'record', targetId: recordId, requestId: ctx.requestId, ip: ctx.ip, detail: { fileId, sha256: f.sha256 } });
      return f.sha256;
    });
    await removeIfUnreferenced(sha);
  }

  return { add, list, open, remove, precheck };
}
export type RecordFileService = ReturnType<typeof createRecordFileService>;
