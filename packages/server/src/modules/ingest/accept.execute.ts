import fs from 'node:fs/promises';
import type { Transaction } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { DB } from '../../platform/db/schema.ts';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import { DomainError } from '../../http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import type { IngestPackage } from './checks/check.types.ts';
import { runWorkDir } from './ingest.paths.ts';
import { writePackageRecords } from './accept.records.ts';
import { mimeOf, storePackageFiles } from './accept.store.ts';

export interface AcceptActor { id: string | null; name: string; roles: string[]; requestId: string | null; ip: string | null }
type Progress = (percent: number, message?: string) => Promise<void>;

/**
 * Accepts a checked package: its files go to the content-addressed store first (each verified
 * against the SHA-256 computed at extraction), then every record — numbered by the 门类's approved
 * scheme like a record created by hand — its version snapshot, its files, the link to this run and
 * one audit row commit in ONE transaction. If anything fails (a record that does not fit the scheme,
 * a kill -9) the transaction leaves nothing; objects this attempt created and nothing references are
 * removed again (a killed process leaves them for the next attempt, which finds them already stored).
 */
export async function executeAccept(d: { db: Db; storage: ObjectStorage; dataDir: string }, runId: string, actor: AcceptActor, progress: Progress,
  /** Runs inside the accept transaction, after the records (the 归档 API stores its receipt there). */
  inTx?: (tx: Transaction<DB>) => Promise<void>) {
  const run = await d.db.selectFrom('ingest_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
  if (run.status !== 'accepting') throw new DomainError('ingest_run_state', 409);
  const workDir = runWorkDir(d.dataDir, runId);
  const pkg = JSON.parse(await fs.readFile(`${workDir}/package.json`, 'utf8')) as IngestPackage;
  const created: string[] = [];
  try {
    const files = pkg.records.flatMap((r) => r.files);
    let shown = 0;
    await storePackageFiles(d.storage, d.dataDir, files, async (rs, done) => {
      for (const r of rs) if (r.created) created.push(r.sha256);
      if (done - shown >= 200) await progress(Math.floor((50 * (shown = done)) / files.length), `存储文件 ${done}/${files.length}`);
    });
    const mimes = new Map<string, string>();
    for (const f of files) mimes.set(f.path, await mimeOf(f));
    await progress(60, '写入档案 / writing records');
    const n = await d.db.transaction().execute(async (tx) => {
      const done = (await writePackageRecords(tx, {
        runId, categoryId: run.category_id, pkg, actor: actor.name, mimeOf: (f) => mimes.get(f.path), archivedAt: () => new Date(),
        onRecord: async (k) => { if (k % 100 === 0) await progress(60 + Math.floor((38 * k) / pkg.records.length), `写入 ${k}/${pkg.records.length}`); },
      })).length;
      await tx.updateTable('ingest_runs').set({ status: 'accepted', created_records: done, decided_by: actor.name, decided_at: new Date(), updated_at: new Date() }).where('id', '=', runId).execute();
      await appendAudit(tx, { actorId: actor.id, actorName: actor.name, actorRoles: actor.roles, requestId: actor.requestId, ip: actor.ip, action: 'ingest.accept', outcome: 'success',
        targetType: 'ingest_run', targetId: runId, detail: { records: done, files: files.length, reportSha256: run.report_sha256, reportSm3: run.report_sm3, packageSha256: run.package_sha256 } });
      await inTx?.(tx);
      return done;
    });
    await fs.rm(workDir, { recursive: true, force: true });
    await progress(100, '完成 / done');
    return { records: n };
  } catch (e) {
    for (const sha of created) {
      const used = await d.db.selectFrom('record_files').select('id').where('sha256', '=', sha).limit(1).executeTakeFirst();
      if (!used) await d.storage.delete(sha).catch(() => false);
    }
    await d.db.updateTable('ingest_runs').set({ status: 'checked', failure: `接收失败 / accept failed: ${(e as Error).message}`.slice(0, 2000), updated_at: new Date() }).where('id', '=', runId).where('status', '=', 'accepting').execute();
    throw e;
  }
}
