import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import type { PutResult } from '../../platform/storage/storage.ts';
import type { PackageFile } from './checks/check.types.ts';
import { ingestDir } from './ingest.paths.ts';

/**
 * Stores one file of a checked package at accept. A file this process wrote under `<dataDir>/ingest`
 * (extracted from a zip, decoded from an EEP, spooled by the 归档 API) had its SHA-256 and SM3 taken
 * in the pass that wrote it, so the store adopts it (`putFile`: on the local disk a hard link after
 * fsync and a SHA-256 read-back, no copy, no SM3 pass). Anything else — a folder package read in
 * place, which its owner may still change — is streamed and verified against the extraction's
 * SHA-256 and size as before.
 */
export function storePackageFile(storage: ObjectStorage, dataDir: string, f: PackageFile): Promise<PutResult> {
  const { sha256, sm3 } = f.digests;
  const rel = path.relative(path.resolve(ingestDir(dataDir)), path.resolve(f.absPath));
  const ours = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  if (ours && sha256 && sm3) return storage.putFile(f.absPath, { sha256, sm3, size: f.size });
  return storage.put(createReadStream(f.absPath), { expectedSha256: sha256, expectedSize: f.size });
}
