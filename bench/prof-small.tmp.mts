// scratch (not committed): sampled-mode small-file intake under --cpu-prof
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CHECKS } from '../packages/server/src/modules/ingest/checks/index.ts';
import { openPackage } from '../packages/server/src/modules/ingest/package.open.ts';
import { runChecks } from '../packages/server/src/modules/ingest/runner.ts';
import { applyDefaults } from '../packages/server/src/modules/ingest/run.execute.ts';
import { storePackageFiles } from '../packages/server/src/modules/ingest/accept.store.ts';
import { reportJson, storeReport } from '../packages/server/src/modules/ingest/report.ts';
import { zipBuffer, type ZipEntry } from '../packages/server/src/modules/ingest/test/zip.writer.ts';
import { createLocalDiskStorage } from '../packages/server/src/platform/storage/local-disk.storage.ts';
import { templates, unique } from './ingest.files.ts';

const N = 3000;
const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'prof-'));
const t = await templates(24);
const entries: ZipEntry[] = Array.from({ length: N }, (_, i) => { const kind = i % 2 ? 'jpg' : 'pdf'; return { name: `objects/f${i}.${kind}`, data: unique((kind === 'pdf' ? t.pdfs : t.jpegs)[Math.floor(i / 2) % t.pdfs.length]!, kind, i), store: true }; });
const zip = path.join(dir, 'small.zip');
await fs.writeFile(zip, zipBuffer(entries));
const noVirus = CHECKS.filter((c) => !c.id.startsWith('virus'));
const config = { readability: { enabled: true, settings: { pdfPage1: 'sample', imageDecode: 'sample' } } };
const ms: Record<string, number> = {};
const checks = noVirus.map((c) => ({ ...c, run: async (ctx: any) => { const t0 = performance.now(); try { return await c.run.call(c, ctx); } finally { ms[c.id] = (ms[c.id] ?? 0) + performance.now() - t0; } } }));
for (let r = 0; r < Number(process.env.R ?? 3); r++) {
  const w = path.join(dir, `w${r}`); const workDir = path.join(w, 'ingest', 'run'); await fs.mkdir(workDir, { recursive: true });
  const c0 = process.cpuUsage(); const t0 = performance.now();
  const pkg = await openPackage({ kind: 'file', file: zip, filename: 'small.zip' }, workDir);
  applyDefaults(pkg, { year: 2025, retention: 'D30', security: 'public' });
  const t1 = performance.now(); const c1 = process.cpuUsage(c0);
  const items = await runChecks({ checks, pkg, stage: 'GD', config, services: {}, signal: new AbortController().signal });
  const t2 = performance.now(); const c2 = process.cpuUsage(c0);
  const storage = createLocalDiskStorage(path.join(w, 'store'));
  await storeReport(storage, workDir, reportJson({ runId: 'b', stage: 'GD', filename: 'p.zip', packageSha256: null, configVersion: 1, fonds: 'B', category: 'WS', startedAt: '', createdBy: 'b' }, pkg, items));
  await storePackageFiles(storage, w, pkg.files, () => undefined);
  const t3 = performance.now(); const c3 = process.cpuUsage(c0);
  const cpu = (c: NodeJS.CpuUsage) => ((c.user + c.system) / 1000 / N).toFixed(2);
  console.log(`round ${r}: ${(N / ((t3 - t0) / 1000)).toFixed(0)} files/s · wall ms/file open ${((t1 - t0) / N).toFixed(2)} checks ${((t2 - t1) / N).toFixed(2)} store ${((t3 - t2) / N).toFixed(2)} · cumulative CPU ms/file ${cpu(c1)} ${cpu(c2)} ${cpu(c3)} · load ${os.loadavg()[0]!.toFixed(1)}`);
  await fs.rm(w, { recursive: true, force: true });
}
console.log("spawn blocked/total ms:", JSON.stringify((globalThis as any).__spawn?.map((x: number[]) => x.map((y) => y.toFixed(1)))));
console.log(Object.entries(ms).sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k} ${(v / N / Number(process.env.R ?? 3)).toFixed(3)}`).join(' · '));
await fs.rm(dir, { recursive: true, force: true });
process.exit(0);
