import path from 'node:path';
import type { Db } from '../../platform/db/database.ts';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import { notFound } from '../../http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { actorAudit, type RequestCtx } from '../auth/index.ts';
import { catalogueScope } from '../fonds/fonds.policy.ts';
import type { RecordService } from '../catalogue/record.service.ts';
import { createAipBuilder, presentAip } from './aip.build.ts';

export { presentAip };

export interface AipDeps {
  db: Db;
  storage: ObjectStorage;
  tmpDir: string;
  records: Pick<RecordService, 'visible'>;
}

export function createAipService({ db, storage, tmpDir, records }: AipDeps) {
  const builder = createAipBuilder({ db, storage, tmpDir });

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

  return { build: builder.build, sweepOrphans: builder.sweepOrphans, list, open, events, lacking, tmp: path.resolve(tmpDir) };
}
export type AipService = ReturnType<typeof createAipService>;
