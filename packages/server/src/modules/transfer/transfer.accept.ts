import fs from 'node:fs/promises';
import type { Conn, Db, Tx } from '../../platform/db/database.ts';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import { DomainError } from '../../http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import type { IngestPackage } from '../ingest/checks/check.types.ts';
import { runWorkDir } from '../ingest/ingest.paths.ts';
import { formData, renderForm } from './transfer.form.ts';
import { writePackageRecords } from '../ingest/accept.records.ts';
import { mimeOf, storePackageFiles } from '../ingest/accept.store.ts';

export interface TransferActor { id: string | null; name: string; roles: string[]; requestId: string | null; ip: string | null }
type Progress = (percent: number, message?: string) => Promise<void>;

/**
 * Accepts a checked transfer: the files of every package go to the store first (verified against the
 * SHA-256 taken at extraction), the 登记表 is rendered and stored, then ALL records of ALL packages,
 * their files, the run links, every run's and the transfer's new state, the form row and the audit
 * rows commit in ONE transaction (the records are written by the ingest module's writePackageRecords). On
 * any failure nothing of it stays: objects this attempt created that nothing references are deleted,
 * the runs and the transfer go back to `checked` with the reason.
 */
export type OnArchived = (tx: Conn, recordIds: string[], by: string) => Promise<void>;

export async function executeTransferAccept(d: { db: Db; storage: ObjectStorage; dataDir: string; onArchived?: OnArchived }, transferId: string, actor: TransferActor, progress: Progress) {
  const t = await d.db.selectFrom('transfers').selectAll().where('id', '=', transferId).executeTakeFirstOrThrow();
  if (t.status !== 'accepting') throw new DomainError('transfer_state', 409);
  const runs = await d.db.selectFrom('transfer_runs').innerJoin('ingest_runs', 'ingest_runs.id', 'transfer_runs.run_id').innerJoin('transfer_packages', 'transfer_packages.id', 'transfer_runs.package_id')
    .selectAll('ingest_runs').where('transfer_runs.transfer_id', '=', transferId).where('transfer_runs.round', '=', t.round).orderBy('transfer_packages.added_at').execute();
  const created: string[] = [];
  try {
    const pkgs = new Map<string, IngestPackage>();
    for (const r of runs) pkgs.set(r.id, JSON.parse(await fs.readFile(`${runWorkDir(d.dataDir, r.id)}/package.json`, 'utf8')) as IngestPackage);
    const files = [...pkgs.values()].flatMap((p) => p.records.flatMap((r) => r.files));
    let shown = 0;
    await storePackageFiles(d.storage, d.dataDir, files, async (rs, done) => {
      for (const r of rs) if (r.created) created.push(r.sha256);
      if (done - shown >= 200) await progress(Math.floor((50 * (shown = done)) / files.length), `存储文件 ${done}/${files.length}`);
    });
    const mimes = new Map<string, string>();
    for (const f of files) mimes.set(f.absPath, await mimeOf(f));
    await progress(60, '写入档案 / writing records');
    const acceptedAt = new Date();
    const data = await formData(d.db, transferId);
    const form = await d.storage.put(await renderForm({ ...data, accepted: { by: actor.name, at: acceptedAt.toISOString() } }));
    if (form.created) created.push(form.sha256);
    const total = await d.db.transaction().execute(async (tx) => {
      const locked = await tx.selectFrom('transfers').select(['status', 'version']).where('id', '=', transferId).forUpdate().executeTakeFirstOrThrow();
      if (locked.status !== 'accepting') throw new DomainError('transfer_state', 409);
      const ids: string[] = [];
      for (const r of runs) ids.push(...await writeRun(tx, r, pkgs.get(r.id)!, mimes, actor, acceptedAt));
      const n = ids.length;
      await d.onArchived?.(tx, ids, actor.name);
      await tx.insertInto('transfer_forms').values({ transfer_id: transferId, seq: 1 + (await formCount(tx, transferId)), stage: 'accepted', sha256: form.sha256, sm3: form.sm3, created_by: actor.name }).execute();
      await tx.updateTable('transfers').set({ status: 'accepted', version: locked.version + 1, created_records: n, decided_by: actor.name, decided_at: acceptedAt, failure: null, updated_at: new Date() }).where('id', '=', transferId).execute();
      await appendAudit(tx, { actorId: actor.id, actorName: actor.name, actorRoles: actor.roles, requestId: actor.requestId, ip: actor.ip, action: 'transfer.accept', outcome: 'success', targetType: 'transfer', targetId: transferId,
        detail: { number: t.number, from: 'accepting', to: 'accepted', version: locked.version + 1, records: n, files: files.length, runs: runs.map((r) => r.id), formSha256: form.sha256, formSm3: form.sm3 } });
      return n;
    });
    for (const r of runs) await fs.rm(runWorkDir(d.dataDir, r.id), { recursive: true, force: true });
    await progress(100, '完成 / done');
    return { records: total };
  } catch (e) {
    for (const sha of created) {
      const used = await d.db.selectFrom('record_files').select('id').where('sha256', '=', sha).limit(1).executeTakeFirst()
        ?? await d.db.selectFrom('transfer_forms').select('seq').where('sha256', '=', sha).limit(1).executeTakeFirst();
      if (!used) await d.storage.delete(sha).catch(() => false);
    }
    const why = `接收失败 / accept failed: ${(e as Error).message}`.slice(0, 2000);
    await d.db.transaction().execute(async (tx) => {
      const cur = await tx.selectFrom('transfers').select(['status', 'version']).where('id', '=', transferId).forUpdate().executeTakeFirst();
      if (cur?.status !== 'accepting') return;
      await tx.updateTable('ingest_runs').set({ status: 'checked', failure: why, updated_at: new Date() }).where('id', 'in', runs.map((r) => r.id)).where('status', '=', 'accepting').execute();
      await tx.updateTable('transfers').set({ status: 'checked', version: cur.version + 1, failure: why, updated_at: new Date() }).where('id', '=', transferId).execute();
      await appendAudit(tx, { actorId: actor.id, actorName: actor.name, actorRoles: actor.roles, requestId: actor.requestId, ip: actor.ip, action: 'transfer.accept', outcome: 'failure', targetType: 'transfer', targetId: transferId, detail: { number: t.number, reason: why } });
    });
    throw e;
  }
}

export const formCount = async (tx: Tx, id: string) => Number((await tx.selectFrom('transfer_forms').select((eb) => eb.fn.countAll<number>().as('n')).where('transfer_id', '=', id).executeTakeFirstOrThrow()).n);

/** One package's records, numbered by the 门类's approved scheme, with files and run link; the run becomes accepted. */
async function writeRun(tx: Tx, run: { id: string; category_id: string; report_sha256: string | null; report_sm3: string | null; package_sha256: string | null }, pkg: IngestPackage, mimes: Map<string, string>, actor: TransferActor, at: Date) {
  const ids = await writePackageRecords(tx, { runId: run.id, categoryId: run.category_id, pkg, actor: actor.name, mimeOf: (f) => mimes.get(f.absPath), archivedAt: () => at });
  await tx.updateTable('ingest_runs').set({ status: 'accepted', created_records: ids.length, decided_by: actor.name, decided_at: at, updated_at: new Date() }).where('id', '=', run.id).execute();
  await appendAudit(tx, { actorId: actor.id, actorName: actor.name, actorRoles: actor.roles, requestId: actor.requestId, ip: actor.ip, action: 'ingest.accept', outcome: 'success',
    targetType: 'ingest_run', targetId: run.id, detail: { records: ids.length, reportSha256: run.report_sha256, reportSm3: run.report_sm3, packageSha256: run.package_sha256, via: 'transfer' } });
  return ids;
}
