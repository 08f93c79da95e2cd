import fs from 'node:fs/promises';
import path from 'node:path';
import type { PackageFile, PackageProblem } from './checks/check.types.ts';
import { digestFile } from './digest.stream.ts';
import { UnsafePackageError } from './package.errors.ts';

/**
 * Every regular file under `root` with its digests (MD5, SHA-256, SM3; 8 files hashed at a time).
 * A symbolic link anywhere refuses the package; names keep their bytes on disk (absPath) and are
 * NFC in `path`. NFC/NFD twins on disk are refused like in a zip.
 */
export async function scanDir(root: string, opts: { maxEntries?: number; onFile?: (n: number) => void } = {}) {
  const found: { rel: string; abs: string }[] = [];
  const problems: PackageProblem[] = [];
  const seen = new Map<string, string>();
  async function walk(dir: string, rel: string) {
    for (const d of await fs.readdir(dir, { withFileTypes: true })) {
      const abs = path.join(dir, d.name);
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (d.isSymbolicLink()) throw new UnsafePackageError('symlink_entry', `信息包含符号链接：${r}`, `The package holds a symbolic link: ${r}`, { entry: r });
      const nfc = r.normalize('NFC');
      const twin = seen.get(nfc);
      if (twin !== undefined) throw new UnsafePackageError('name_twins', `文件名规范化后重复（NFC/NFD）：${nfc}`, `Two names are the same after Unicode normalisation: ${nfc}`, { entries: [twin, r] });
      seen.set(nfc, r);
      if (d.isDirectory()) await walk(abs, r);
      else if (d.isFile()) {
        found.push({ rel: nfc, abs });
        if (opts.maxEntries && found.length > opts.maxEntries) throw new UnsafePackageError('too_many_entries', `文件过多（> ${opts.maxEntries}）`, `Too many files (> ${opts.maxEntries})`);
      } else problems.push({ item: 'structure', severity: 'warning', code: 'special_file', zh: `非普通文件已忽略：${r}`, en: `Not a regular file, ignored: ${r}`, subject: r });
    }
  }
  await walk(root, '');
  found.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  const files: PackageFile[] = new Array(found.length);
  let next = 0, done = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < found.length) {
      const i = next++;
      const f = found[i]!;
      const d = await digestFile(f.abs);
      files[i] = { path: f.rel, absPath: f.abs, size: d.size, digests: d.digests };
      opts.onFile?.(++done);
    }
  }));
  return { files, problems };
}
