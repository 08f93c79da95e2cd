import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { AipsTable } from '../../platform/db/schema.ts';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import { notFound } from '../../http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { actorAudit, type RequestCtx } from '../auth/index.ts';
import { catalogueScope } from '../fonds/fonds.policy.ts';
import type { RecordService } from '../catalogue/record.service.ts';
import { buildBag, LANTAI_AGENT } from './aip.builder.ts';
import { recordAipEvent } from './aip.events.ts';
import { fingerprint, loadAipSource } from './aip.source.ts';

export const presentAip = (a: Selectable<AipsTable>) => ({
  id: a.id, recordId: a.record_id, version: a.version, recordVersion: a.record_version, sha256: a.sha256, sm3: a.sm3, size: Number(a.size),
  fileCount: a.file_count, payloadOxum: a.payload_oxum, origin: a.origin, createdBy: a.created_by, createdAt: a.created_at.toISOString(),
});

export interface AipDeps {
  db: Db;
  storage: ObjectStorage;
  tmpDir: string;
  records: Pick<RecordService, 'visible'>;
}

export function createAipService({ db, storage, tmpDir, records }: AipDeps) {
  /**
   * Builds the next AIP version of a top-level record (a 件, or a 卷 with its 件) unless the newest one
   * already holds the same record versions and files. One build per record at a time (advisory lock);
   * the tar is stored first and the row, the PREMIS event and the audit entry commit together — if
   * that fails, the stored tar is removed again unless another row points to the same bytes.
   */
  async function build(recordId: string, by: string) {
    return db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(hashtext(${`aip:${recordId}`}))`.execute(tx);
      const src = await loadAipSource(tx, recordId);
      if (!src) throw notFound();
      if (src.record.parentId) return { built: false as const, reason: 'item of a volume: packaged with its volume', aip: null };
      if (src.record.status !== 'archived') return { built: false as const, reason: 'not archived: a draft has no AIP', aip: null };
      const fp = fingerprint(src);
      const last = await tx.selectFrom('aips').selectAll().where('record_id', '=', recordId).orderBy('version', 'desc').limit(1).executeTakeFirst();
      if (last && last.source_fingerprint === fp) return { built: false as const, reason: 'unchanged', aip: presentAip(last) };
      const version = (last?.version ?? 0) + 1;
      const bag = await buildBag(src, storage, tmpDir, version);
      let put;
      try {
        put = await storage.put(createReadStream(bag.file), { expectedSize: bag.size });
      } finally {
        await rm(bag.file, { force: true });
      }
      try {
        const row = await tx.insertInto('aips').values({
          record_id: recordId, version, record_version: src.record.version, source_fingerprint: fp, sha256: put.sha256, sm3: put.sm3, size: put.size,
          file_count: bag.fileCount, payload_oxum: bag.payloadOxum, created_by: by,
        }).returningAll().executeTakeFirstOrThrow();
        await recordAipEvent(tx, {
          eventType: 'information package creation', recordId, objectSha256: put.sha256, outcome: 'pass',
          detail: `AIP v${version}: BagIt 1.0 tar (${bag.root}) with METS/PREMIS and DA/T 46 metadata`,
          outcomeDetail: { version, payloadOxum: bag.payloadOxum, files: bag.fileCount, size: put.size, sm3: put.sm3 }, agent: { type: 'software', ...LANTAI_AGENT },
        });
        await appendAudit(tx, { actorId: null, actorName: by, actorRoles: [], action: 'aip.build', outcome: 'success', targetType: 'record', targetId: recordId,
          detail: { version, sha256: put.sha256, size: put.size, files: bag.fileCount } });
        return { built: true as const, reason: null, aip: presentAip(row) };
      } catch (e) {
        if (put.created) await removeIfUnreferenced(put.sha256);
        throw e;
      }
    });
  }

  async function removeIfUnreferenced(sha256: string) {
    const a = await db.selectFrom('aips').select('id').where('sha256', '=', sha256).limit(1).executeTakeFirst();
    const f = await db.selectFrom('record_files').select('id').where('sha256', '=', sha256).limit(1).executeTakeFirst();
    if (!a && !f) await storage.delete(sha256).catch(() => false);
  }

  async function list(recordId: string, ctx: RequestCtx) {
    await records.visible(db, recordId, catalogueScope(ctx.actor));
    const rows = await db.selectFrom('aips').selectAll().where('record_id', '=', recordId).orderBy('version', 'desc').execute();
    return { items: rows.map(presentAip) };
  }

  /** The stored tar, its bytes verified while they flow. */
  async function open(recordId: string, version: number, ctx: RequestCtx) {
    const r = await records.visible(db, recordId, catalogueScope(ctx.actor));
    const a = await db.selectFrom('aips').selectAll().where('record_id', '=', recordId).where('version', '=', version).executeTakeFirst();
    if (!a) throw notFound();
    await appendAudit(db, { ...actorAudit(ctx.actor), action: 'aip.download', outcome: 'success', targetType: 'record', targetId: recordId, requestId: ctx.requestId, ip: ctx.ip,
      detail: { version, sha256: a.sha256 } });
    return { aip: presentAip(a), filename: `${r.archival_code.replace(/[/\\]/g, '_')}_AIP_v${version}.tar`, stream: await storage.get(a.sha256, { verify: true }) };
  }

  /** PREMIS events about the record, its files and its AIPs, newest first. */
  async function events(recordId: string, ctx: RequestCtx, limit = 200) {
    await records.visible(db, recordId, catalogueScope(ctx.actor));
    const kids = await db.selectFrom('records').select('id').where('parent_id', '=', recordId).execute();
    const ids = [recordId, ...kids.map((k) => k.id)];
    const shas = [
      ...(await db.selectFrom('record_files').select('sha256').where('record_id', 'in', ids).execute()).map((x) => x.sha256),
      ...(await db.selectFrom('aips').select('sha256').where('record_id', '=', recordId).execute()).map((x) => x.sha256),
    ];
    const rows = await db.selectFrom('preservation_events').selectAll()
      .where((eb) => eb.or([eb('record_id', 'in', ids), ...(shas.length ? [eb('object_sha256', 'in', shas)] : [])]))
      .orderBy('event_at', 'desc').limit(limit).execute();
    return {
      items: rows.map((e) => ({
        id: e.id, type: e.event_type, at: new Date(e.event_at as unknown as string).toISOString(), objectSha256: e.object_sha256, outcome: e.outcome, detail: e.detail,
        outcomeDetail: (e.outcome_detail ?? {}) as Record<string, unknown>, agent: e.agent_version ? `${e.agent_name} ${e.agent_version}` : e.agent_name,
      })),
    };
  }

  /** Top-level archived records with no AIP yet, or whose record version moved past their newest AIP. */
  async function lacking(limit = 1000) {
    const rows = await db.selectFrom('records as r').leftJoin(
      db.selectFrom('aips').select(['record_id']).select((eb) => eb.fn.max('record_version').as('v')).groupBy('record_id').as('a'), 'a.record_id', 'r.id',
    ).select('r.id').where('r.status', '=', 'archived').where('r.parent_id', 'is', null)
      .where((eb) => eb.or([eb('a.v', 'is', null), eb('a.v', '<', eb.ref('r.version'))])).orderBy('r.id').limit(limit).execute();
    return rows.map((r) => r.id);
  }

  return { build, list, open, events, lacking, tmp: path.resolve(tmpDir) };
}
export type AipService = ReturnType<typeof createAipService>;
