// npx tsx bench/file-checks.bench.ts — throughput of the file-level 四性 checks on small files.
//
// Generates N small files (half 10–100 KB PDFs made with pdfkit, half 10–100 KB JPEGs made with jpeg-js; default
// 400, BENCH_SMOKE=1: 60) and times, per check, files/s over them: format identification, readability (pdf.js
// page 1 / jpeg-js decode), signatures/seals (nothing declared: the cost of looking), and the clamd virus scan
// (a test clamd started from scripts/clamav). Prints the load average beside each figure; the machine is shared.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jpeg from 'jpeg-js';
import PDFDocument from 'pdfkit';
import { formatCheck } from '../packages/server/src/modules/ingest/checks/format.check.ts';
import { readabilityCheck } from '../packages/server/src/modules/ingest/checks/readability.check.ts';
import { signatureCheck } from '../packages/server/src/modules/ingest/checks/signature.check.ts';
import { virusScanCheck } from '../packages/server/src/modules/ingest/checks/virus.check.ts';
import type { CheckDefinition, PackageFile } from '../packages/server/src/modules/ingest/checks/check.types.ts';
import { ctxOf, fileOf, pkgOf } from '../packages/server/src/modules/ingest/analyzers/test-support.ts';
import { startTestClamd } from '../packages/server/src/modules/ingest/analyzers/test-clamd.ts';

const smoke = process.env.BENCH_SMOKE === '1' || process.env.CI === 'true';
const N = Number(process.env.BENCH_FILES ?? (smoke ? 60 : 400));

function pdf(i: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ compress: false });
    const parts: Buffer[] = [];
    doc.on('data', (b: Buffer) => parts.push(b));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    const lines = 150 + (i % 10) * 150;
    for (let l = 0; l < lines; l++) doc.fontSize(9).text(`Record ${i} line ${l}: the quick brown fox jumps over the lazy dog ${l * i}`);
    doc.end();
  });
}

function jpg(i: number): Buffer {
  const w = 200 + (i % 10) * 40;
  const h = 200 + (i % 7) * 40;
  const data = Buffer.alloc(w * h * 4);
  for (let p = 0; p < data.length; p++) data[p] = (p * 7 + i * 13 + (p >> 8) * 31) & 0xff;
  return jpeg.encode({ data, width: w, height: h }, 85).data;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantai-bench-filechecks-'));
  const files: PackageFile[] = [];
  let bytes = 0;
  for (let i = 0; i < N; i++) {
    const data = i % 2 ? jpg(i) : await pdf(i);
    const p = path.join(dir, `f${i}.${i % 2 ? 'jpg' : 'pdf'}`);
    fs.writeFileSync(p, data);
    bytes += data.length;
    files.push(fileOf(p));
  }
  console.log(`${N} files, mean ${(bytes / N / 1024).toFixed(0)} KB (PDF and JPEG alternating)`);
  const clamd = startTestClamd();
  const services = { clamd: { socket: clamd.socket } };
  const time = async (check: CheckDefinition) => {
    const t0 = performance.now();
    const rows = await check.run(ctxOf(pkgOf(files), {}, services));
    const s = (performance.now() - t0) / 1000;
    const ev = rows[0]!.evidence;
    console.log(
      `${check.id.padEnd(22)} ${(N / s).toFixed(0).padStart(6)} files/s  (${s.toFixed(2)} s; pass ${String(ev.pass)}, warning ${String(ev.warning)}, fail ${String(ev.fail)}, skipped ${String(ev.skipped)})  load ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
    );
    return s;
  };
  try {
    const a = await time(formatCheck);
    const b = await time(readabilityCheck);
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
