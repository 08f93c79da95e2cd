import fs from 'node:fs/promises';
import type { CheckDefinition, CheckResult, IngestPackage, PackageProblem } from './check.types.ts';
import { clip, codes, collector, str } from './check.kit.ts';

/** The reader's findings for one item, as results (a pass when it found nothing). */
function fromProblems(def: CheckDefinition, pkg: IngestPackage, item: PackageProblem['item'], passEvidence: Record<string, unknown>): CheckResult[] {
  const c = collector(def);
  for (const p of pkg.problems ?? []) if (p.item === item) c.add({ outcome: p.severity, subject: p.subject, evidence: { code: p.code, ...p.evidence }, zh: p.zh, en: p.en });
  return c.done(passEvidence);
}

export const structureCheck: CheckDefinition = {
  id: 'package-structure', items: codes('1-13'), property: 'authenticity', zh: '信息包目录结构规范性检测', en: 'Package and directory structure', defaults: {},
  async run({ pkg }) {
    return fromProblems(this, pkg, 'structure', { layout: pkg.layout, files: pkg.files.length });
  },
};

export const descriptionCheck: CheckDefinition = {
  id: 'description-files', items: codes('1-12'), property: 'authenticity', zh: '说明文件和目录文件规范性检测', en: 'Description and catalogue files', defaults: {},
  async run({ pkg }) {
    if (pkg.layout !== 'transfer2012') return [{ outcome: 'skipped', evidence: { layout: pkg.layout }, zh: '非 2012 移交载体结构，无说明文件和目录文件', en: 'Not the 2012 transfer layout: no description or catalogue file' }];
    return fromProblems(this, pkg, 'description', { info: Object.keys(pkg.info ?? {}) });
  },
};

export const packageUsabilityCheck: CheckDefinition = {
  id: 'package-usability', items: codes('3-8'), property: 'usability', zh: '信息包中内容数据格式合规性检测（无嵌套压缩、加密）', en: 'No nested archives or encryption in the package', defaults: {},
  async run({ pkg }) {
    return fromProblems(this, pkg, 'package-usability', { files: pkg.files.length });
  },
};

const contentFiles = (pkg: IngestPackage) => pkg.files.filter((f) => (f.role ?? 'content') === 'content');

export const countCheck: CheckDefinition = {
  id: 'totals-count', items: codes('2-1'), property: 'integrity', zh: '总件数相符性检测', en: 'Record and file counts match the declared totals', defaults: {},
  async run({ pkg }) {
    const d = pkg.declared;
    const actual = { recordCount: pkg.records.length, fileCount: contentFiles(pkg).length };
    if (d.recordCount === undefined && d.fileCount === undefined) return [{ outcome: 'warning', evidence: actual, zh: '信息包未声明总件数，无法核对', en: 'The package declares no totals to compare' }];
    const out: CheckResult[] = [];
    if (d.recordCount !== undefined && d.recordCount !== actual.recordCount) out.push({ outcome: 'fail', evidence: { declared: d.recordCount, actual: actual.recordCount }, zh: `声明 ${d.recordCount} 件，实有 ${actual.recordCount} 件`, en: `declares ${d.recordCount} records, holds ${actual.recordCount}` });
    if (d.fileCount !== undefined && d.fileCount !== actual.fileCount) out.push({ outcome: 'fail', evidence: { declared: d.fileCount, actual: actual.fileCount }, zh: `声明 ${d.fileCount} 个文件，实有 ${actual.fileCount} 个`, en: `declares ${d.fileCount} files, holds ${actual.fileCount}` });
    for (const p of pkg.problems ?? []) if (p.item === 'totals') out.push({ outcome: p.severity, evidence: { code: p.code }, zh: p.zh, en: p.en });
    return out.length ? out : [{ outcome: 'pass', evidence: { declared: d, actual }, zh: '件数、文件数与声明相符', en: 'Counts match the declared totals' }];
  },
};

export const bytesCheck: CheckDefinition = {
  id: 'totals-bytes', items: codes('2-2'), property: 'integrity', zh: '总字节数相符性检测', en: 'Total bytes match the declared total', defaults: {},
  async run({ pkg }) {
    const actual = contentFiles(pkg).reduce((s, f) => s + f.size, 0);
    if (pkg.declared.totalBytes === undefined) return [{ outcome: 'skipped', evidence: { actual }, zh: '信息包未声明总字节数', en: 'The package declares no byte total' }];
    if (pkg.declared.totalBytes !== actual) return [{ outcome: 'fail', evidence: { declared: pkg.declared.totalBytes, actual }, zh: `声明 ${pkg.declared.totalBytes} 字节，实有 ${actual} 字节`, en: `declares ${pkg.declared.totalBytes} bytes, holds ${actual}` }];
    return [{ outcome: 'pass', evidence: { bytes: actual }, zh: `总字节数 ${actual} 与声明相符`, en: `${actual} bytes, as declared` }];
  },
};

/** GD-1-11: every record has its content, and every content file is where the metadata says. */
export const linkCheck: CheckDefinition = {
  id: 'metadata-content-link', items: codes('1-11'), property: 'authenticity', zh: '元数据与内容关联一致性检测', en: 'Metadata and content are linked', defaults: {},
  async run({ pkg }) {
    const c = collector(this);
    for (const r of pkg.records) {
      if (!r.files.length) c.add({ outcome: 'fail', subject: r.key, evidence: {}, zh: `${r.key}：没有关联的内容文件`, en: `${r.key}: no content file linked` });
      for (const f of r.files) {
        const st = await fs.stat(f.absPath).catch(() => null);
        if (!st?.isFile()) c.add({ outcome: 'fail', subject: r.key, evidence: { path: f.path }, zh: `${r.key}：元数据记录的位置没有文件 ${f.path}`, en: `${r.key}: no file at ${f.path}` });
      }
    }
    return c.done({ records: pkg.records.length });
  },
};

/** GD-1-10: 计算机文件名, 计算机文件大小, 格式信息, 创建时间 as declared vs the bytes received. */
export const attributesCheck: CheckDefinition = {
  id: 'electronic-attributes', items: codes('1-10'), property: 'authenticity', zh: '内容数据的电子属性一致性检测', en: 'Electronic attributes match the content', defaults: {},
  async run({ pkg }) {
    const c = collector(this);
    let n = 0;
    for (const r of pkg.records) for (const f of r.files) {
      const d = f.declared;
      if (!d) continue;
      n++;
      const base = f.path.slice(f.path.lastIndexOf('/') + 1);
      if (d.name && !f.path.endsWith(d.name.replace(/\\/g, '/')) && !base.endsWith(d.name)) c.add({ outcome: 'fail', subject: f.path, evidence: { declared: clip(d.name), actual: base }, zh: `计算机文件名不符：声明 ${clip(d.name, 60)}`, en: `file name differs from the declared ${clip(d.name, 60)}` });
      if (typeof d.size === 'number' && d.size !== f.size) c.add({ outcome: 'fail', subject: f.path, evidence: { declared: d.size, actual: f.size }, zh: `计算机文件大小不符：声明 ${d.size}，实为 ${f.size}`, en: `size ${f.size} differs from the declared ${d.size}` });
      if (d.format && r.metadata.format && String(r.metadata.format) !== d.format) c.add({ outcome: 'warning', subject: f.path, evidence: { declared: d.format, record: r.metadata.format }, zh: '格式信息前后不一致', en: 'format information disagrees' });
      if (d.createdAt && r.metadata.docDate && str(r, 'docDate') > d.createdAt.replace(/\D/g, '').slice(0, 8)) c.add({ outcome: 'warning', subject: f.path, evidence: { createdAt: d.createdAt, docDate: r.metadata.docDate }, zh: '文件创建时间早于成文日期', en: 'file created before the document date' });
    }
    return c.done({ filesCompared: n });
  },
};

/** GD-2-7: content data complete — no empty file, every record has content. */
export const contentCompleteCheck: CheckDefinition = {
  id: 'content-completeness', items: codes('2-7'), property: 'integrity', zh: '内容数据完整性检测', en: 'Content data complete', defaults: { emptyFile: 'fail' }, choices: { emptyFile: ['fail', 'warning'] },
  async run({ pkg, settings }) {
    const c = collector(this);
    for (const r of pkg.records) for (const f of r.files) if (f.size === 0) c.add({ outcome: settings.emptyFile === 'warning' ? 'warning' : 'fail', subject: f.path, evidence: { size: 0 }, zh: `空文件（0 字节）：${f.path}`, en: `Empty file (0 bytes): ${f.path}` });
    return c.done({ files: pkg.records.reduce((s, r) => s + r.files.length, 0) });
  },
};
