// npm run bench:aip — METS/PREMIS and whole-AIP generation for one package of 1,000, 10,000 and 46,800 files.
//
// Archivematica's "Generate METS" took 2 h 11 m for a 46,800-file transfer (archivematica/Issues#315). This builds
// the same step here: a synthetic 件 with N files (BENCH_FILE_BYTES each, default 1 KiB, distinct bytes) and one
// PREMIS event per file, stored in the object store (in memory by default; BENCH_AIP_STORE=disk for the local-disk
// adapter), then times (a) the METS document alone and (b) the whole bag: METS + DA/T 46 + record JSON + every
// payload file read from the store (SHA-256 verified), hashed SHA-256 + SHA-512 into the manifests and written as
// one tar. Three sizes show whether it is linear. BENCH_SMOKE=1 (or CI=true): 200, 1,000 and 2,000 files.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildBag, LANTAI_AGENT } from '../packages/server/src/modules/aip/aip.builder.ts';
import { writeMets } from '../packages/server/src/modules/aip/aip.mets.ts';
import type { AipSource } from '../packages/server/src/modules/aip/aip.source.ts';
import { XmlSink } from '../packages/server/src/modules/aip/aip.xml.ts';
import { createLocalDiskStorage } from '../packages/server/src/platform/storage/local-disk.storage.ts';
import { createMemoryStorage } from '../packages/server/src/platform/storage/memory.storage.ts';
import type { ObjectStorage } from '../packages/server/src/platform/storage/storage.ts';

const smoke = process.env.BENCH_SMOKE === '1' || process.env.CI === 'true';
const SIZES = (process.env.BENCH_AIP_SIZES ?? (smoke ? '200,1000,2000' : '1000,10000,46800')).split(',').map(Number);
const FILE_BYTES = Number(process.env.BENCH_FILE_BYTES ?? 1024);
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');

async function source(storage: ObjectStorage, n: number): Promise<AipSource> {
  const now = new Date().toISOString();
  const recordId = randomUUID();
  const record = {
    id: recordId, fondsId: randomUUID(), categoryId: randomUUID(), schemeId: randomUUID(), kind: 'item' as const, parentId: null, status: 'archived' as const,
    archivalCode: 'B001-WS·2024-Y-BGS-0001', seqNo: 1, title: '大型数字化成果包（基准测试）', responsible: '办公室', docNumber: '', docDate: '20240101', year: 2024,
    retention: 'Y' as const, orgCode: 'BGS', catalogueNo: '', security: 'public' as const, secrecyPeriod: '', pages: n, openStatus: 'unreviewed' as const, remarks: '',
    subjects: [], scopeCode: '', extra: {}, version: 2, createdBy: 'bench', createdAt: now, updatedAt: now, archivedAt: now,
  };
  const files: AipSource['files'] = [];
  const events: AipSource['events'] = [];
  const body = Buffer.alloc(FILE_BYTES, 0x20);
  for (let i = 0; i < n; i++) {
    body.write(`page ${i} of ${n} `, 0);
    const put = await storage.put(Buffer.from(body));
    const id = randomUUID();
    files.push({ id, recordId, role: 'original', filename: `扫描页-${String(i + 1).padStart(6, '0')}.jpg`, mime: 'image/jpeg', size: put.size, sha256: put.sha256, sm3: put.sm3, createdAt: now, createdBy: 'bench' });
    events.push({ id: randomUUID(), type: 'ingestion', at: now, objectSha256: put.sha256, recordId, outcome: 'pass', detail: 'bench', outcomeDetail: { sm3: put.sm3 }, agent: { type: 'software', name: 'Lantai', version: '0.1.0' } });
  }
  return {
    record, items: [], fonds: { code: 'B001', name: '基准全宗', agency: '基准单位' }, category: { id: randomUUID(), code: 'WS', name: '文书', mode: 'item', extraFields: [] },
    scheme: { version: 1, body: {} }, files, events, history: [{ recordId, version: 2, action: 'archive', actor: 'bench', at: now, data: {} }], counterKeys: { [recordId]: 'x' }, ingestReport: null,
  };
}

async function main() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lantai-bench-aip-'));
  const disk = process.env.BENCH_AIP_STORE === 'disk';
  console.log(`AIP generation bench: ${SIZES.join(', ')} files of ${FILE_BYTES} B, store ${disk ? 'local disk' : 'memory'}; cores ${os.cpus().length}; load before ${load()}`);
  const rows: string[] = [];
  try {
    for (const n of SIZES) {
      const storage = disk ? createLocalDiskStorage(path.join(dir, `objects-${n}`)) : createMemoryStorage();
      const src = await source(storage, n);
      const paths = new Map(src.files.map((f) => [f.id, `objects/x/original/${f.filename}`]));
      const t0 = performance.now();
      const sink = new XmlSink(createWriteStream(path.join(dir, `mets-${n}.xml`)));
      await writeMets(sink, src, paths, [], LANTAI_AGENT);
      await sink.end();
      const metsMs = performance.now() - t0;
      let peakRss = 0;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
      const t1 = performance.now();
      const bag = await buildBag(src, storage, dir, 1);
      const bagMs = performance.now() - t1;
      clearInterval(sampler);
      await fs.rm(bag.file, { force: true });
      const line = `${String(n).padStart(6)} files: METS ${(metsMs / 1000).toFixed(2)} s (${(sink.bytes / 1e6).toFixed(1)} MB, ${((metsMs * 1000) / n).toFixed(0)} µs/file) · whole AIP ${(bagMs / 1000).toFixed(2)} s (${(bag.size / 1e6).toFixed(1)} MB tar, ${((bagMs * 1000) / n).toFixed(0)} µs/file) · peak RSS ${(peakRss / 1e6).toFixed(0)} MB · load ${load()}`;
      console.log(line);
      rows.push(line);
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
  const [a, , c] = SIZES;
  if (a && c) console.log(`linearity: per-file time at ${c} vs ${a} files is shown above; Archivematica's Generate METS at 46,800 files: 2 h 11 m`);
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
