import { createReadStream } from 'node:fs';
import { fileTypeFromFile } from 'file-type';
import path from 'node:path';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import type { PutResult } from '../../platform/storage/storage.ts';
import type { PackageFile } from './checks/check.types.ts';
import { ingestDir } from './ingest.paths.ts';

/** Files adopted per `putFiles` call: each call costs two syncs of the filesystem on the local disk. */
const BATCH = 500;

/**
 * Stores the files of a checked package at accept, results in the files' order. A file this process wrote under
 * `<dataDir>/ingest` (extracted from a zip, decoded from an EEP, spooled by the 归档 API) had its SHA-256 and SM3
 * taken in the pass that wrote it, so the store adopts it (`putFiles`, in batches: on the local disk a hard link,
 * a SHA-256 read-back and two filesystem syncs a batch, no copy, no SM3 pass). Anything else — a folder package read
 * in place, which its owner may still change — is streamed and verified against the extraction's SHA-256 and size.
 * `onStored` hears of every result as it comes (the caller removes what was created if a later step fails).
 */
export async function storePackageFiles(storage: ObjectStorage, dataDir: string, files: readonly PackageFile[],
  onStored: (results: PutResult[], done: number) => Promise<void> | void): Promise<PutResult[]> {
  const out: PutResult[] = new Array(files.length);
  const ours: number[] = [];
  const theirs: number[] = [];
  files.forEach((f, i) => (adoptable(dataDir, f) ? ours : theirs).push(i));
  let done = 0;
  for (let i = 0; i < ours.length; i += BATCH) {
    const idx = ours.slice(i, i + BATCH);
    const res = await storage.putFiles(idx.map((k) => {
      const { absPath, size, digests } = files[k]!;
      return { absPath, digests: { sha256: digests.sha256!, sm3: digests.sm3!, size } };
    }));
    idx.forEach((k, j) => (out[k] = res[j]!));
    await onStored(res, (done += res.length));
  }
  for (const k of theirs) {
    const f = files[k]!;
    out[k] = await storage.put(createReadStream(f.absPath), { expectedSha256: f.digests.sha256, expectedSize: f.size });
    await onStored([out[k]], ++done);
  }
  return out;
}

function adoptable(dataDir: string, f: PackageFile) {
  const rel = path.relative(path.resolve(ingestDir(dataDir)), path.resolve(f.absPath));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) && !!f.digests.sha256 && !!f.digests.sm3;
}

/** The media type recorded for a stored file: file-type's, by content (application/octet-stream where it knows none). */
export const mimeOf = async (f: PackageFile): Promise<string> =>
  (await fileTypeFromFile(f.absPath).catch(() => undefined))?.mime ?? 'application/octet-stream';
