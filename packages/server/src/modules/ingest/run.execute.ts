import fs from 'node:fs/promises';
import type { Conn, Db } from '../../platform/db/database.ts';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import { findCategory } from '../scheme/scheme.repository.ts';
import type { CheckDefinition, CheckServices, IngestPackage, Stage } from './checks/check.types.ts';
import { CHECKS } from './checks/index.ts';
import { createConfigRepository } from './config.repository.ts';
import { runWorkDir, uploadPath } from './ingest.paths.ts';
import { openPackage, type PackageInput } from './package.open.ts';
import { reportJson, storeReport } from './report.ts';
import { buildServices } from './run.services.ts';
import { countsOf, runChecks, verdictOf } from './runner.ts';

export interface ExecuteDeps {
  db: Db; storage: ObjectStorage; dataDir: string; checks?: CheckDefinition[]; clamd?: CheckServices['clamd'];
  /** Runs in the transaction that leaves the run `checked` or `failed` (e.g. a 移交单 whose last run ended moves on). */
  onEnded?: (tx: Conn, runId: string) => Promise<void>;
}
type Progress = (percent: number, message?: string) => Promise<void>;

/** Record fields the archivist gave for the run, filled in where the package says nothing. */
export const applyDefaults = (pkg: IngestPackage, defaults: Record<string, unknown>) => {
  for (const r of pkg.records) r.metadata = { ...defaults, ...Object.fromEntries(Object.entries(r.metadata).filter(([, v]) => v !== undefined && v !== '')) };
};

/**
 * One check run: open the package (extract/scan, digests), read it, run the ordered checks with
 * progress, store the report (JSON + PDF) and the items, and leave the run `checked` with its
 * verdict. The extracted package stays in the work folder until the run is accepted or rejected.
 * Any failure of the machinery itself leaves the run `failed` with the reason and no work folder.
 */
export async function executeRun(d: ExecuteDeps, runId: string, progress: Progress, input?: PackageInput): Promise<void> {
  const run = await d.db.selectFrom('ingest_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
  if (run.status !== 'queued' && run.status !== 'running') return;
  const workDir = runWorkDir(d.dataDir, runId);
  await d.db.updateTable('ingest_runs').set({ status: 'running', updated_at: new Date() }).where('id', '=', runId).execute();
  await fs.rm(workDir, { recursive: true, force: true });
  await fs.mkdir(workDir, { recursive: true });
  try {
    const startedAt = new Date().toISOString();
    await progress(1, '解包 / unpacking');
    const pkg = await openPackage(input ?? { kind: 'file', file: uploadPath(d.dataDir, run.upload_id!), filename: run.filename }, workDir, {
      onProgress: (n) => { if (n % 1000 === 0) void progress(2, `解包 ${n} / unpacked ${n}`); },
    });
    applyDefaults(pkg, run.defaults ?? {});
    const stage = run.stage as Stage;
    const cfg = await createConfigRepository(d.db).current(stage);
    const services = await buildServices(d.db, run, d.clamd);
    const items = await runChecks({
      checks: d.checks ?? CHECKS, pkg, stage, config: cfg.items, services, signal: new AbortController().signal,
      onCheck: (i, n, def) => progress(5 + Math.floor((90 * i) / n), `${def.items[stage]} ${def.zh}`),
    });
    await progress(96, '生成报告 / writing the report');
    const cat = await findCategory(d.db, run.category_id);
    const report = reportJson({ runId, stage, filename: run.filename, packageSha256: run.package_sha256, configVersion: cfg.version, fonds: cat?.fonds_code ?? '', category: cat?.code ?? '', startedAt, createdBy: run.created_by }, pkg, items);
    const stored = await storeReport(d.storage, workDir, report);
    await fs.writeFile(`${workDir}/package.json`, JSON.stringify(pkg));
    const content = pkg.files.filter((f) => (f.role ?? 'content') === 'content');
    await d.db.transaction().execute(async (tx) => {
      // A run the stale-run sweep already ended (this worker outlived the job's expiry) stays ended: nothing is written.
      const cur = await tx.selectFrom('ingest_runs').select('status').where('id', '=', runId).forUpdate().executeTakeFirst();
      if (cur?.status !== 'running') return;
      await tx.deleteFrom('ingest_run_items').where('run_id', '=', runId).execute();
      for (let i = 0; i < items.length; i += 1000) {
        await tx.insertInto('ingest_run_items').values(items.slice(i, i + 1000).map((it) => ({
          run_id: runId, seq: it.seq, check_id: it.checkId, code: it.code, property: it.property, outcome: it.outcome, subject: it.subject,
          message_zh: it.zh, message_en: it.en, evidence: JSON.stringify(it.evidence),
        }))).execute();
      }
      await tx.updateTable('ingest_runs').set({
        status: 'checked', verdict: verdictOf(items), layout: pkg.layout, config_version: cfg.version, record_count: pkg.records.length, file_count: content.length,
        total_bytes: content.reduce((s, f) => s + f.size, 0), counts: JSON.stringify(countsOf(items)), report_sha256: stored.sha256, report_sm3: stored.sm3,
        report_pdf_sha256: stored.pdfSha256, updated_at: new Date(),
      }).where('id', '=', runId).execute();
      await d.onEnded?.(tx, runId);
    });
    await progress(100, '完成 / done');
  } catch (e) {
    await fs.rm(workDir, { recursive: true, force: true });
    const fail = async (c: Conn) => Number((await c.updateTable('ingest_runs').set({ status: 'failed', failure: String((e as Error).message).slice(0, 2000), updated_at: new Date() })
      .where('id', '=', runId).where('status', 'in', ['queued', 'running']).executeTakeFirst()).numUpdatedRows) > 0;
    await d.db.transaction().execute(async (tx) => { if (await fail(tx)) await d.onEnded?.(tx, runId); }).catch(() => fail(d.db));
    throw e;
  }
}
