import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { z } from 'zod';
import type { TransferAttach, TransferCreate, TransfersQuery, TransferUpdate } from '@lantai/api';
import type { Db } from '../../platform/db/database.ts';
import { canonicalJson, sm3Hex } from '../../platform/crypto/hash.ts';
import { conflict, DomainError, notFound } from '../../http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { actorAudit, type RequestCtx } from '../auth/index.ts';
import { actorName } from '../fonds/fonds.policy.ts';
import type { IngestModule } from '../ingest/index.ts';
import { uploadPath } from '../ingest/ingest.paths.ts';
import { findCategory } from '../scheme/scheme.repository.ts';
import { assertAgencyFonds, assertReadable, authorizeSide, readScope } from './transfer.policy.ts';
import { detail, findTransfer, livePackages, presentTransfer, selectTransfers } from './transfer.repository.ts';
import { isUniqueViolation, step } from './transfer.step.ts';

const SAME = new Error('same idempotency key');

/** The agency side of a 移交单 (create, edit, packages, submit) and reading transfers (reads never write: checking → checked happens when the last run ends). */
export function createTransferService({ db, dataDir, uploads }: { db: Db; dataDir: string; uploads: IngestModule['uploads'] }) {
  async function get(id: string, ctx: RequestCtx) {
    readScope(ctx.actor);
    const t = await findTransfer(db, id);
    assertReadable(ctx.actor, t.fonds_code);
    return detail(db, id);
  }

  async function list(q: z.infer<typeof TransfersQuery>, ctx: RequestCtx) {
    const scope = readScope(ctx.actor);
    let s = selectTransfers(db);
    if (scope) s = s.where('fonds.code', 'in', scope.length ? scope : ['-']);
    if (q.status) s = s.where('transfers.status', '=', q.status);
    if (q.q) { const like = `%${q.q.replace(/[%_\\]/g, '\\$&')}%`; s = s.where((eb) => eb.or([eb('transfers.number', 'ilike', like), eb('transfers.title', 'ilike', like)])); }
    const total = await s.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await s.orderBy('transfers.created_at', 'desc').offset(q.offset).limit(q.limit).execute();
    return { items: rows.map((r) => presentTransfer(r as never)), total: Number(total.n), offset: q.offset, limit: q.limit };
  }

  async function create(input: z.infer<typeof TransferCreate>, ctx: RequestCtx) {
    authorizeSide(ctx.actor, 'agency');
    const who = actorName(ctx.actor);
    const digest = sm3Hex(canonicalJson({ ...input, idempotencyKey: undefined }));
    const existing = () => db.selectFrom('transfers').select(['id', 'request_sm3']).where('created_by', '=', who).where('idempotency_key', '=', input.idempotencyKey).executeTakeFirst();
    const same = async (s: { id: string; request_sm3: string }) => {
      if (s.request_sm3 !== digest) throw conflict('transfer_idempotency_conflict');
      return get(s.id, ctx);
    };
    const prior = await existing();
    if (prior) return same(prior);
    const cat = await findCategory(db, input.categoryId);
    if (!cat) throw notFound();
    assertAgencyFonds(ctx.actor, cat.fonds_code);
    const id = randomUUID();
    try {
      await db.transaction().execute(async (tx) => {
        const year = new Date().getFullYear();
        const n = await tx.insertInto('transfer_counters').values({ year, last_no: 1 })
          .onConflict((oc) => oc.column('year').doUpdateSet((eb) => ({ last_no: eb('transfer_counters.last_no', '+', 1) }))).returning('last_no').executeTakeFirstOrThrow();
        const number = `YJ-${year}-${String(n.last_no).padStart(4, '0')}`;
        const row = await tx.insertInto('transfers').values({
          id, number, idempotency_key: input.idempotencyKey, request_sm3: digest, title: input.title, description: input.description, transferring_unit: input.transferringUnit,
          receiving_unit: input.receivingUnit, fonds_id: cat.fonds_id, category_id: cat.id, year_from: input.yearFrom, year_to: input.yearTo, declared_records: input.declaredRecords,
          declared_files: input.declaredFiles, declared_bytes: input.declaredBytes, defaults: JSON.stringify(input.defaults ?? {}), created_by: who,
        }).onConflict((oc) => oc.columns(['created_by', 'idempotency_key']).doNothing()).returning('id').executeTakeFirst();
        if (!row) throw SAME;
        await appendAudit(tx, { ...actorAudit(ctx.actor), requestId: ctx.requestId, ip: ctx.ip, action: 'transfer.create', outcome: 'success', targetType: 'transfer', targetId: id,
          after: { number, ...input } });
      });
    } catch (e) {
      if (e !== SAME) throw e;
      return same((await existing())!);
    }
    return get(id, ctx);
  }

  /** Loads the transfer for an agency action: role first (403), then fonds scope (404). */
  async function agencyTransfer(id: string, ctx: RequestCtx) {
    authorizeSide(ctx.actor, 'agency');
    const t = await findTransfer(db, id);
    assertAgencyFonds(ctx.actor, t.fonds_code);
    return t;
  }

  async function update(id: string, body: z.infer<typeof TransferUpdate>, ctx: RequestCtx) {
    await agencyTransfer(id, ctx);
    const { version, ...patch } = body;
    await step(db, id, ctx, version, ['draft', 'returned'], 'update', async (_tx, cur) => {
      const from = patch.yearFrom ?? cur.year_from, to = patch.yearTo ?? cur.year_to;
      if (to < from) throw new DomainError('validation_failed', 400, [{ path: 'yearTo', message: '截止年度不能早于起始年度 / yearTo before yearFrom' }]);
      return {
        set: { title: patch.title, description: patch.description, transferring_unit: patch.transferringUnit, receiving_unit: patch.receivingUnit, year_from: patch.yearFrom, year_to: patch.yearTo,
          declared_records: patch.declaredRecords, declared_files: patch.declaredFiles, declared_bytes: patch.declaredBytes },
        detail: { patch },
      };
    });
    return detail(db, id);
  }

  /** Attaches a complete upload of the caller's: its SHA-256 is checked again and its SM3 taken in the same read. */
  async function attach(id: string, body: z.infer<typeof TransferAttach>, ctx: RequestCtx) {
    await agencyTransfer(id, ctx);
    const up = await uploads.own(body.uploadId, ctx);
    if (up.status !== 'complete' || !up.sha256) throw conflict('transfer_package_state');
    const sha = createHash('sha256'), sm3 = createHash('sm3');
    for await (const c of createReadStream(uploadPath(dataDir, up.id), { highWaterMark: 1 << 20 })) { sha.update(c as Buffer); sm3.update(c as Buffer); }
    const sha256 = sha.digest('hex');
    if (sha256 !== up.sha256) throw new DomainError('ingest_digest_mismatch', 409);
    const packageId = randomUUID();
    try {
      await step(db, id, ctx, body.version, ['draft', 'returned'], 'attach', async (tx) => {
        await tx.insertInto('transfer_packages').values({ id: packageId, transfer_id: id, upload_id: up.id, filename: up.filename, size: Number(up.size), sha256, sm3: sm3.digest('hex'), added_by: actorName(ctx.actor) }).execute();
        return { set: {}, detail: { packageId, uploadId: up.id, filename: up.filename, sha256 } };
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('transfer_package_state');
      throw e;
    }
    return detail(db, id);
  }

  async function detach(id: string, packageId: string, version: number, ctx: RequestCtx) {
    await agencyTransfer(id, ctx);
    await step(db, id, ctx, version, ['draft', 'returned'], 'detach', async (tx) => {
      const r = await tx.updateTable('transfer_packages').set({ detached_at: new Date() }).where('id', '=', packageId).where('transfer_id', '=', id).where('detached_at', 'is', null).returning('filename').executeTakeFirst();
      if (!r) throw notFound();
      return { set: {}, detail: { packageId, filename: r.filename } };
    });
    return detail(db, id);
  }

  async function submit(id: string, version: number, ctx: RequestCtx) {
    await agencyTransfer(id, ctx);
    await step(db, id, ctx, version, ['draft', 'returned'], 'submit', async (tx) => {
      const pkgs = await livePackages(tx, id);
      if (!pkgs.length) throw conflict('transfer_no_packages');
      return { set: { status: 'submitted', submitted_by: actorName(ctx.actor), submitted_at: new Date(), failure: null }, detail: { packages: pkgs.map((p) => ({ filename: p.filename, sha256: p.sha256, sm3: p.sm3 })) } };
    });
    return detail(db, id);
  }

  return { get, list, create, update, attach, detach, submit, agencyTransfer };
}
export type TransferService = ReturnType<typeof createTransferService>;
