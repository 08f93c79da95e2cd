import type { ArchiveMetadata } from '@lantai/api';
import { canonicalJson, sha256Hex } from '../../../platform/crypto/hash.ts';
import { DomainError } from '../../../http/errors.ts';
import type { IngestPackage, PackageFile } from '../checks/check.types.ts';
import { mapDat46 } from '../readers/dat46.map.ts';
import type { SpooledFile } from './spool.ts';

/** Element names business systems commonly send that DA/T 46 spells differently. */
const ALIASES: Record<string, string> = { 机构: '机构或问题', 问题: '机构或问题', 成文日期: '日期', 形成日期: '日期', 文件编号: '文号' };

/** The record fields a request's DA/T 46 elements map to (values as given; the checks judge them). */
export function recordMetadata(meta: ArchiveMetadata): Record<string, unknown> {
  const src: Record<string, string> = {};
  for (const [k, v] of Object.entries(meta.record)) src[ALIASES[k] ?? k] = String(v);
  return mapDat46(src);
}

/**
 * Pairs each received file part with its declaration in `metadata.files` (by the part's filename).
 * A part nobody declared, or a declaration with no part, is a malformed request (400), not a check
 * result: the caller has to fix what it sends. A digest that does not match is a check result
 * (GD-1-1 fails) and ends as a rejection with its report kept.
 */
export function pairFiles(meta: ArchiveMetadata, files: SpooledFile[]) {
  const byName = new Map(meta.files.map((d) => [d.name, d]));
  if (byName.size !== meta.files.length) throw new DomainError('archive_metadata_invalid', 400, [{ path: 'files', message: '文件名重复 / duplicate file names' }]);
  const used = new Set<string>();
  const pairs = files.map((f) => {
    const d = byName.get(f.originalName) ?? byName.get(f.name);
    if (!d || used.has(d.name)) throw new DomainError('archive_file_undeclared', 400, [{ path: 'files', message: f.originalName || f.name }]);
    used.add(d.name);
    return { file: f, decl: d };
  });
  const missing = meta.files.filter((d) => !used.has(d.name));
  if (missing.length) throw new DomainError('archive_file_missing', 400, missing.map((d) => ({ path: 'files', message: d.name })));
  return pairs;
}

/** SHA-256 of the canonical request: what makes two requests under one key "the same". */
export function requestSha256(meta: ArchiveMetadata, files: SpooledFile[]): string {
  const parts = files.map((f) => ({ name: f.originalName, size: f.size, sha256: f.digests.sha256 })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return sha256Hex(canonicalJson({ metadata: meta, files: parts }));
}

/**
 * The request as an ingest package (layout `api`): one record whose content files are the parts
 * under 电子档案/, each carrying what the metadata declares (name, size, digests, format, signature)
 * so the GD checks compare the bytes received with the declaration, exactly as for a package.
 */
export function archivePackage(meta: ArchiveMetadata, files: SpooledFile[], opts: { root: string; key: string; via: string }): IngestPackage {
  const pkgFiles: PackageFile[] = pairFiles(meta, files).map(({ file, decl }) => {
    const digests: Record<string, string> = {};
    for (const alg of ['sha256', 'sm3', 'md5'] as const) if (decl[alg]) digests[alg] = decl[alg]!.toLowerCase();
    return {
      path: `电子档案/${file.name}`, absPath: file.absPath, size: file.size, role: 'content',
      digests: { md5: file.digests.md5, sha256: file.digests.sha256, sm3: file.digests.sm3 },
      declared: {
        name: file.name, ...(decl.size !== undefined ? { size: decl.size } : {}), ...(decl.format ? { format: decl.format } : {}), ...(decl.createdAt ? { createdAt: decl.createdAt } : {}),
        ...(Object.keys(digests).length ? { digests } : {}), ...(decl.signature ? { signature: decl.signature } : {}),
      },
    };
  });
  const sizes = meta.files.map((d) => d.size);
  return {
    layout: 'api', root: opts.root,
    records: [{ key: opts.key, metadata: recordMetadata(meta), files: pkgFiles }],
    files: pkgFiles,
    declared: { recordCount: 1, fileCount: meta.files.length, ...(sizes.every((s) => s !== undefined) ? { totalBytes: sizes.reduce((a, b) => a! + b!, 0) } : {}) },
    xmlFiles: [],
    problems: [],
    info: { 来源: ['业务系统归档接口 POST /api/archive'], 幂等键: [opts.key], 提交方: [opts.via], 全宗号: [meta.fonds], 门类: [meta.category] },
  };
}
