import fs from 'node:fs/promises';
import type { IngestPackage, PackageProblem, PackageRecord } from '../checks/check.types.ts';
import { digestFile, RUNNER_DIGESTS } from '../digest.stream.ts';
import { safeRelativePath } from '../path-safety.ts';
import { baseName, stem } from './dat46.map.ts';
import { problem, type PackageSource } from './reader.types.ts';

const CHECKSUM = /^metadata\/checksum\.(md5|sha1|sha256|sha512)$/;
const PLACEHOLDER = /(^|\/)\.gitignore$/;

/**
 * A plain folder: every file is a 件 titled by its name. In an Archivematica-style transfer
 * (objects/ + metadata/ + logs/) only objects/ is content, and metadata/checksum.<alg> declares
 * digests (paths relative to objects/) that the fixity item then checks.
 */
export async function readFolder(src: PackageSource): Promise<IngestPackage> {
  const problems: PackageProblem[] = [...src.problems];
  const transfer = src.files.some((f) => f.path.startsWith('objects/'));
  const isContent = (p: string) => !PLACEHOLDER.test(p) && (transfer ? p.startsWith('objects/') : true);
  for (const f of src.files) f.role = isContent(f.path) ? 'content' : 'metadata';
  const byPath = new Map(src.files.map((f) => [f.path, f]));
  for (const c of src.files.filter((f) => CHECKSUM.test(f.path))) {
    const alg = CHECKSUM.exec(c.path)![1]!;
    for (const line of (await fs.readFile(c.absPath, 'utf8')).split(/\r?\n/)) {
      const m = /^([0-9a-fA-F]+)\s+\*?(.+)$/.exec(line.trim());
      if (!m) continue;
      const safe = safeRelativePath(m[2]!);
      if (!safe.ok) { problems.push(problem('structure', 'fail', 'checksum_unsafe_path', `${c.path} 列出越界路径：${m[2]}`, `${c.path} lists an unsafe path: ${m[2]}`, c.path)); continue; }
      const f = byPath.get(transfer ? `objects/${safe.path}` : safe.path) ?? byPath.get(safe.path);
      if (!f) { problems.push(problem('structure', 'fail', 'listed_file_missing', `${c.path} 列出的文件不存在：${safe.path}`, `${c.path} lists a missing file: ${safe.path}`, safe.path)); continue; }
      f.declared = { ...f.declared, digests: { ...f.declared?.digests, [alg]: m[1]!.toLowerCase() } };
      if (!RUNNER_DIGESTS.includes(alg as never)) f.otherDigests = { ...f.otherDigests, ...(await digestFile(f.absPath, [alg])).digests };
    }
  }
  for (const f of src.files) if (f.role === 'content' && /(^|\/)\.[^/]/.test(f.path)) problems.push(problem('structure', 'warning', 'hidden_file', `隐藏文件：${f.path}`, `Hidden file: ${f.path}`, f.path));
  const records: PackageRecord[] = src.files.filter((f) => f.role === 'content').map((f) => ({
    key: f.path, metadata: { title: stem(f.path) || baseName(f.path) }, files: [{ ...f, declared: { ...f.declared, name: baseName(f.path), size: f.size } }],
  }));
  return { layout: 'folder', root: src.root, records, files: src.files, declared: {}, xmlFiles: src.files.filter((f) => /\.xml$/i.test(f.path)), problems };
}
