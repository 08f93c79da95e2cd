import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import { VERSION } from '../../version.ts';
import { dat46Xml } from './aip.dat46.ts';
import { writeMets, type MetaFile } from './aip.mets.ts';
import type { AipSource } from './aip.source.ts';
import { XmlSink } from './aip.xml.ts';
import { safeSegment, uniqueNamer } from './bag.paths.ts';
import { createBagWriter } from './bag.writer.ts';

export const LANTAI_AGENT = { name: 'Lantai', version: VERSION };

export interface BuiltBag {
  /** The tar file on local disk (the caller stores it and removes it). */
  file: string;
  size: number;
  /** SHA-256 of the tar, computed while it was written (the key it will have in the store). */
  sha256: string;
  root: string;
  payloadOxum: string;
  fileCount: number;
}

/** The machine-readable record that re-import reads back (fields, fonds, category, scheme, files). */
export const lantaiRecordJson = (s: AipSource, paths: Map<string, string>, aipVersion: number) => JSON.stringify({
  format: 'lantai-aip-record', formatVersion: 1, aipVersion, lantaiVersion: VERSION,
  fonds: s.fonds, category: s.category, scheme: s.scheme, record: s.record, items: s.items, history: s.history, counterKeys: s.counterKeys, events: s.events,
  files: s.files.map((f) => ({ ...f, path: paths.get(f.id) })),
}, null, 1);

/**
 * Builds the BagIt bag of one package as a tar file under `tmpDir`: data/ holds objects/<档号>/<role>/<file>
 * (streamed from storage, digest verified while read), metadata/dat46.xml, metadata/lantai-record.json,
 * metadata/sixing-report.json + .pdf (the 四性检测 report, when the record came through ingest) and mets.xml. The METS document is
 * written to a temp file first (it can be large) and then streamed into the tar.
 */
export async function buildBag(s: AipSource, storage: ObjectStorage, tmpDir: string, aipVersion: number): Promise<BuiltBag> {
  await mkdir(tmpDir, { recursive: true });
  const stamp = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const tarFile = path.join(tmpDir, `aip-${stamp}.tar`);
  const metsFile = path.join(tmpDir, `mets-${stamp}.xml`);
  const root = `${safeSegment(s.record.archivalCode)}_v${aipVersion}`;
  try {
    const name = uniqueNamer();
    const recs = new Map([s.record, ...s.items].map((r) => [r.id, safeSegment(r.archivalCode)]));
    const paths = new Map(s.files.map((f) => [f.id, name(`objects/${recs.get(f.recordId)}/${f.role}`, safeSegment(f.filename))]));
    const meta: { m: MetaFile; body: Buffer }[] = [];
    const addMeta = (p: string, mime: string, use: string, text: string) => {
      const body = Buffer.from(text, 'utf8');
      meta.push({ m: { path: p, mime, size: body.length, sha256: createHash('sha256').update(body).digest('hex'), use }, body });
    };
    addMeta('metadata/dat46.xml', 'application/xml', 'DA/T 46', dat46Xml(s));
    addMeta('metadata/lantai-record.json', 'application/json', 'Lantai record', lantaiRecordJson(s, paths, aipVersion));
    // The 四性检测 report comes from the store as it was kept (JSON and PDF), streamed like the files.
    const reports: { m: MetaFile; sha256: string }[] = [];
    for (const [sha, ext, mime] of [[s.ingestReport?.jsonSha256, 'json', 'application/json'], [s.ingestReport?.pdfSha256, 'pdf', 'application/pdf']] as const) {
      const head = sha ? await storage.head(sha) : null;
      if (sha && head) reports.push({ sha256: sha, m: { path: `metadata/sixing-report.${ext}`, mime, size: head.size, sha256: sha, use: `四性检测报告 ${ext.toUpperCase()}` } });
    }
    const sink = new XmlSink(createWriteStream(metsFile));
    await writeMets(sink, s, paths, [...meta.map((x) => x.m), ...reports.map((x) => x.m)], LANTAI_AGENT);
    await sink.end();

    const out = createWriteStream(tarFile);
    const tarHash = createHash('sha256');
    const tap = new Transform({ transform(chunk: Buffer, _e, cb) { tarHash.update(chunk); cb(null, chunk); } });
    const written = pipeline(tap, out);
    written.catch(() => undefined); // awaited below; a failure before that must not be unhandled
    const bag = createBagWriter(tap, root);
    try {
      await bag.addPayload('mets.xml', sink.bytes, createReadStream(metsFile));
      for (const { m, body } of meta) await bag.addPayload(m.path, body.length, body);
      for (const r of reports) await bag.addPayload(r.m.path, r.m.size, await storage.get(r.sha256, { verify: true }));
      for (const f of s.files) await bag.addPayload(paths.get(f.id)!, f.size, await storage.get(f.sha256, { verify: true }));
      const done = await bag.finish([
        ['Source-Organization', s.fonds.agency], ['External-Identifier', s.record.archivalCode], ['External-Description', s.record.title],
        ['Internal-Sender-Identifier', s.record.id], ['档号', s.record.archivalCode], ['全宗号', s.fonds.code], ['全宗名称', s.fonds.name],
        ['AIP-Version', String(aipVersion)], ['Record-Version', String(s.record.version)], ['Bag-Software-Agent', `Lantai ${VERSION}`], ['Lantai-Version', VERSION],
      ]);
      await written;
      return { file: tarFile, size: (await stat(tarFile)).size, sha256: tarHash.digest('hex'), root, payloadOxum: done.payloadOxum, fileCount: s.files.length };
    } catch (e) {
      bag.abort(e as Error);
      tap.destroy();
      out.destroy();
      throw e;
    }
  } catch (e) {
    await rm(tarFile, { force: true });
    throw e;
  } finally {
    await rm(metsFile, { force: true });
  }
}
