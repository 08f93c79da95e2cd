// npx tsx bench/file-checks.bench.ts — throughput of the file-level 四性 checks on small files.
//
// Generates N small files (half 10–100 KB PDFs made with pdfkit, one in four of them a scanned page, half 10–100 KB
// document-like JPEGs; bench/ingest.files.ts; default 400, BENCH_SMOKE=1: 60) and times, per check, files/s over
// them: format identification, readability (pdf.js page 1 in a worker-thread pool / libvips decode), signatures/
// seals (nothing declared: the cost of looking), and the clamd virus scan (a test clamd started from
// scripts/clamav). Readability is timed for the PDFs and the JPEGs apart as well. Prints the load average beside
// each figure; the machine is shared.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatCheck } from '../packages/server/src/modules/ingest/checks/format.check.ts';
import { readabilityCheck } from '../packages/server/src/modules/ingest/checks/readability.check.ts';
import { signatureCheck } from '../packages/server/src/modules/ingest/checks/signature.check.ts';
import { virusScanCheck } from '../packages/server/src/modules/ingest/checks/virus.check.ts';
import type { CheckDefinition, PackageFile } from '../packages/server/src/modules/ingest/checks/check.types.ts';
import { ctxOf, fileOf, pkgOf } from '../packages/server/src/modules/ingest/analyzers/test-support.ts';
import { startTestClamd } from '../packages/server/src/modules/ingest/analyzers/test-clamd.ts';
import { templates, unique } from './ingest.files.ts';

const smoke = process.env.BENCH_SMOKE === '1' || process.env.CI === 'true';
const N = Number(process.env.BENCH_FILES ?? (smoke ? 60 : 400));
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantai-bench-filechecks-'));
  const t = await templates(smoke ? 8 : 24);
  const files: PackageFile[] = [];
  let bytes = 0;
  for (let i = 0; i < N; i++) {
    const kind = i % 2 ? 'jpg' : 'pdf';
    const data = unique((kind === 'pdf' ? t.pdfs : t.jpegs)[Math.floor(i / 2) % t.pdfs.length]!, kind, i);
    const p = path.join(dir, `f${i}.${kind}`);
    fs.writeFileSync(p, data);
    bytes += data.length;
    files.push(fileOf(p));
  }
  console.log(`${N} files, mean ${(bytes / N / 1024).toFixed(0)} KB (PDF and JPEG alternating) · ${os.cpus().length} CPUs · load ${load()}`);
  const clamd = startTestClamd();
  const services = { clamd: { socket: clamd.socket } };
  const time = async (check: CheckDefinition, set = files, label = check.id) => {
    const t0 = performance.now();
    const rows = await check.run(ctxOf(pkgOf(set), {}, services));
    const s = (performance.now() - t0) / 1000;
    const ev = rows[0]!.evidence;
    console.log(
      `${label.padEnd(22)} ${(set.length / s).toFixed(0).padStart(6)} files/s  (${((s * 1000) / set.length).toFixed(2)} ms/file; pass ${String(ev.pass)}, warning ${String(ev.warning)}, fail ${String(ev.fail)}, skipped ${String(ev.skipped)})  load ${load()}`,
    );
    return s;
  };
  try {
    await time(readabilityCheck, files.slice(0, 8), 'warm-up'); // worker threads start, pdf.js loads
    const a = await time(formatCheck);
    const b = await time(readabilityCheck);
    await time(readabilityCheck, files.filter((f) => f.path.endsWith('.pdf')), 'readability PDFs');
    await time(readabilityCheck, files.filter((f) => f.path.endsWith('.jpg')), 'readability JPEGs');
    const c = await time(signatureCheck);
    console.log(`format + readability + signature: ${(N / (a + b + c)).toFixed(0)} files/s`);
    const d = await time(virusScanCheck);
    console.log(`… with the clamd scan as well: ${(N / (a + b + c + d)).toFixed(0)} files/s`);
  } finally {
    clamd.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
