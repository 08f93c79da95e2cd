import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { IngestUpload, IngestUploadCreate } from '@lantai/api';
import type { Db } from '../../platform/db/database.ts';
import type { IngestUploadsTable } from '../../platform/db/schema.ts';
import { DomainError, notFound } from '../../http/errors.ts';
import type { RequestCtx } from '../auth/index.ts';
import { actorName, catalogueScope } from '../fonds/fonds.policy.ts';
import { uploadPath } from './ingest.paths.ts';

/** Largest single chunk (the client sends a big package as many of these). */
export const MAX_CHUNK_BYTES = 64 * 1024 * 1024;

export const presentUpload = (u: Selectable<IngestUploadsTable>): IngestUpload => ({
  id: u.id, filename: u.filename, size: Number(u.size), sha256: u.sha256, received: Number(u.received), status: u.status as IngestUpload['status'],
  createdBy: u.created_by, createdAt: u.created_at.toISOString(),
});

/**
 * Chunked, resumable uploads straight to disk. A chunk is written at its offset into `<id>.part`
 * and only counted once all its bytes are on disk (fsynced); a chunk that breaks off (client gone,
 * too long) is cut off again, so `received` always equals the bytes a client may resume after.
 * Complete checks the size and, when declared, the SHA-256 in one streaming pass.
 */
export function createUploadService({ db, dataDir }: { db: Db; dataDir: string }) {
  async function create(input: z.infer<typeof IngestUploadCreate>, ctx: RequestCtx) {
    catalogueScope(ctx.actor);
    const who = actorName(ctx.actor);
    const same = await db.selectFrom('ingest_uploads').selectAll().where('created_by', '=', who).where('idempotency_key', '=', input.idempotencyKey).executeTakeFirst();
    if (same) return checkSame(same, input);
    await fs.mkdir(path.dirname(uploadPath(dataDir, 'x')), { recursive: true });
    const id = randomUUID();
    const row = await db.insertInto('ingest_uploads').values({
      id, idempotency_key: input.idempotencyKey, filename: input.filename, size: input.size, sha256: input.sha256 ?? null, created_by: who,
    }).onConflict((oc) => oc.columns(['created_by', 'idempotency_key']).doNothing()).returningAll().executeTakeFirst();
    if (!row) return checkSame(await db.selectFrom('ingest_uploads').selectAll().where('created_by', '=', who).where('idempotency_key', '=', input.idempotencyKey).executeTakeFirstOrThrow(), input);
    await fs.writeFile(uploadPath(dataDir, id), '');
    return presentUpload(row);
  }

  function checkSame(u: Selectable<IngestUploadsTable>, input: z.infer<typeof IngestUploadCreate>) {
    if (Number(u.size) !== input.size || u.filename !== input.filename || (u.sha256 ?? undefined) !== input.sha256) throw new DomainError('ingest_idempotency_conflict', 409);
    return presentUpload(u);
  }

  async function own(id: string, ctx: RequestCtx) {
    catalogueScope(ctx.actor);
    const u = await db.selectFrom('ingest_uploads').selectAll().where('id', '=', id).where('created_by', '=', actorName(ctx.actor)).executeTakeFirst();
    if (!u) throw notFound();
    return u;
  }

  async function get(id: string, ctx: RequestCtx) {
    return presentUpload(await own(id, ctx));
  }

  /** Writes one chunk at `offset`; `declaredLength` is the request's content-length when it sent one. */
  async function putChunk(id: string, offset: number, body: Readable, declaredLength: number | undefined, ctx: RequestCtx) {
    const u = await own(id, ctx);
    if (u.status !== 'open') throw new DomainError('ingest_upload_state', 409);
    const received = Number(u.received), size = Number(u.size);
    if (offset !== received) throw new DomainError('ingest_offset_mismatch', 409, [{ path: 'offset', message: `expected ${received}` }]);
    const room = Math.min(size - received, MAX_CHUNK_BYTES);
    if (declaredLength !== undefined && declaredLength > room) throw new DomainError('body_too_large', 413);
    const file = uploadPath(dataDir, id);
    let n = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _e, cb) {
        n += chunk.length;
        if (n > room) cb(new DomainError('body_too_large', 413));
        else cb(null, chunk);
      },
    });
    const ws = createWriteStream(file, { flags: 'r+', start: offset });
    const closed = new Promise<void>((res) => ws.once('close', () => res()));
    // A client that goes away mid-chunk: the body may just close without an error; treat that as one.
    const gone = () => { if (!(body as { complete?: boolean }).complete) limit.destroy(new DomainError('ingest_size_mismatch', 400, [{ path: 'body', message: 'client disconnected' }])); };
    body.once('close', gone);
    body.once('aborted', gone);
    try {
      await pipeline(body, limit, ws);
      if (declaredLength !== undefined && n !== declaredLength) throw new DomainError('ingest_size_mismatch', 400);
      const fh = await fs.open(file, 'r+');
      try { await fh.sync(); } finally { await fh.close(); }
    } catch (e) {
      // The chunk broke off (client gone, too long, short): once the last write has landed, cut the file back.
      ws.destroy();
      await closed;
      await fs.truncate(file, offset).catch(() => {});
      throw e;
    } finally {
      body.off('close', gone);
      body.off('aborted', gone);
    }
    const r = await db.updateTable('ingest_uploads').set({ received: offset + n, updated_at: new Date() })
      .where('id', '=', id).where('received', '=', offset).where('status', '=', 'open').returning('received').executeTakeFirst();
    if (!r) throw new DomainError('ingest_offset_mismatch', 409);
    return { received: Number(r.received) };
  }

  async function complete(id: string, ctx: RequestCtx) {
    const u = await own(id, ctx);
    if (u.status === 'complete') return presentUpload(u);
    if (u.status !== 'open') throw new DomainError('ingest_upload_state', 409);
    const file = uploadPath(dataDir, id);
    const st = await fs.stat(file);
    if (Number(u.received) !== Number(u.size) || st.size !== Number(u.size)) throw new DomainError('ingest_size_mismatch', 400, [{ path: 'size', message: `received ${u.received} of ${u.size}` }]);
    const h = createHash('sha256');
    for await (const c of createReadStream(file, { highWaterMark: 1 << 20 })) h.update(c as Buffer);
    const sha = h.digest('hex');
    if (u.sha256 && u.sha256 !== sha) throw new DomainError('ingest_digest_mismatch', 400, [{ path: 'sha256', message: `actual ${sha}` }]);
    const row = await db.updateTable('ingest_uploads').set({ status: 'complete', sha256: sha, updated_at: new Date() }).where('id', '=', id).where('status', '=', 'open').returningAll().executeTakeFirstOrThrow();
    return presentUpload(row);
  }

  async function abort(id: string, ctx: RequestCtx) {
    const u = await own(id, ctx);
    const inUse = await db.selectFrom('ingest_runs').select('id').where('upload_id', '=', id).limit(1).executeTakeFirst();
    if (inUse) throw new DomainError('ingest_upload_state', 409);
    await db.updateTable('ingest_uploads').set({ status: 'aborted', updated_at: new Date() }).where('id', '=', u.id).execute();
    await fs.rm(uploadPath(dataDir, id), { force: true });
  }

  return { create, get, putChunk, complete, abort, own };
}
export type UploadService = ReturnType<typeof createUploadService>;
