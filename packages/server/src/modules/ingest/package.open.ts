import fs from 'node:fs/promises';
import path from 'node:path';
import type { DigestAlg, IngestPackage } from './checks/check.types.ts';
import { digestFile, RUNNER_DIGESTS } from './digest.stream.ts';
import { DEFAULT_LIMITS, extractZip, type ExtractLimits } from './extract.zip.ts';
import { UnsafePackageError } from './package.errors.ts';
import { readPackage } from './readers/detect.ts';
import { scanDir } from './scan.dir.ts';

export type PackageInput = { kind: 'file'; file: string; filename: string } | { kind: 'dir'; dir: string; hint?: 'eep' }
  /** A package already read (the 单套制 归档 API builds it from the request: archive/archive.package.ts). */
  | { kind: 'prepared'; pkg: IngestPackage };

/**
 * Opens a package for checking: a zip is extracted safely into `workDir/pkg`, a single XML file
 * (an EEP) is copied there, a folder is scanned in place. A package that cannot be opened safely
 * becomes an empty package carrying one failing structure finding — the run still ends with a report.
 */
export async function openPackage(input: PackageInput, workDir: string, opts: { limits?: ExtractLimits; onProgress?: (n: number) => void } = {}): Promise<IngestPackage> {
  const pkgDir = path.join(workDir, 'pkg');
  if (input.kind === 'prepared') return input.pkg;
  try {
    if (input.kind === 'dir') {
      const s = await scanDir(input.dir, { maxEntries: (opts.limits ?? DEFAULT_LIMITS).maxEntries, onFile: opts.onProgress });
      return await readPackage({ root: input.dir, files: s.files, problems: s.problems, workDir }, input.hint);
    }
    const fh = await fs.open(input.file, 'r');
    const head = Buffer.alloc(8);
    await fh.read(head, 0, 8, 0);
    await fh.close();
    if (head[0] === 0x50 && head[1] === 0x4b) {
      const x = await extractZip(input.file, pkgDir, opts.limits, opts.onProgress);
      return await withDeclaredDigests(await readPackage({ root: pkgDir, files: x.files, problems: x.problems, workDir }));
    }
    const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
    if (text.startsWith('<')) {
      const name = path.basename(input.filename).replace(/[^\p{L}\p{N}._-]/gu, '_') || 'package.eep';
      await fs.mkdir(pkgDir, { recursive: true });
      await fs.copyFile(input.file, path.join(pkgDir, name));
      const s = await scanDir(pkgDir);
      return await readPackage({ root: pkgDir, files: s.files, problems: s.problems, workDir }, 'eep');
    }
    throw new UnsafePackageError('unsupported_package', '不支持的信息包类型（支持 zip 压缩包或 EEP 的 XML 文件）', 'Unsupported package type (a zip, or an EEP XML file)', { magic: head.toString('hex') });
  } catch (e) {
    await fs.rm(pkgDir, { recursive: true, force: true }); // nothing half-extracted stays behind, whatever failed
    if (!(e instanceof UnsafePackageError)) throw e;
    return { layout: 'folder', root: pkgDir, records: [], files: [], declared: {}, xmlFiles: [], problems: [{ item: 'structure', severity: 'fail', code: e.code, zh: e.zh, en: e.en, evidence: e.evidence }] };
  }
}

/**
 * Extraction hashes a large entry with SHA-256 and SM3 only (what storage keys on); MD5 costs a core-third more on
 * a 2 GiB file and is needed only where the package declares it (a BagIt manifest-md5, an MD5 in the metadata).
 * Here a file gets each of the runner's digests that its package declares and extraction left out, by one more read.
 */
export async function withDeclaredDigests(pkg: IngestPackage): Promise<IngestPackage> {
  for (const f of pkg.files) {
    const want = new Set([...Object.keys(f.declared?.digests ?? {}), ...(f.declared?.digest ? [f.declared.digest.alg] : [])].map((a) => a.toLowerCase()));
    const missing = RUNNER_DIGESTS.filter((a: DigestAlg) => want.has(a) && !f.digests[a]);
    if (missing.length) Object.assign(f.digests, (await digestFile(f.absPath, missing)).digests);
  }
  return pkg;
}
