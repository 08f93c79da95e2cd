import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { IngestPackage, PackageFile, PackageProblem, PackageRecord } from '../checks/check.types.ts';
import { RUNNER_DIGESTS } from '../digest.stream.ts';
import { safeRelativePath } from '../path-safety.ts';
import { mapDat46 } from './dat46.map.ts';
import { problem, type PackageSource } from './reader.types.ts';
import { parseXmlFile, XmlRefused } from './xml.parse.ts';

export const EEP_NS = 'http://www.saac.gov.cn/standards/ERM/encapsulation';
/** Metadata elements read from a 文件实体 (first occurrence outside 文件数据). */
const META = new Set(['题名', '责任者', '文件编号', '日期', '年度', '保管期限', '机构或问题', '目录号', '密级', '保密期限', '页数', '全宗号', '室编件号', '馆编件号', '电子文件号', '立档单位名称', '文种', '附注', '主题词', '关键词', '件数', '文件组合类型', '类别号']);
const ATTR = new Set(['计算机文件名', '计算机文件大小', '格式信息', '文档创建程序', '反编码关键字']);

export const isEepFile = (f: PackageFile) => /\.(eep|xml)$/i.test(f.path);

/**
 * DA/T 48 EEP: one XML per 件 (电子文件封装包). Each 编码数据 (base64) is decoded to a file in the
 * work folder with its digests; its 电子属性 become the file's declared attributes. A document that
 * is not well-formed or declares a DOCTYPE (XXE, entity bombs) fails the package; a wrong root or
 * namespace fails the structure item.
 */
export async function readEep(src: PackageSource): Promise<IngestPackage> {
  const problems: PackageProblem[] = [...src.problems];
  const records: PackageRecord[] = [];
  const files: PackageFile[] = [...src.files];
  const xmlFiles = src.files.filter(isEepFile);
  for (const f of xmlFiles) f.role = 'metadata';
  for (const x of xmlFiles) {
    try {
      const got = await readOne(x, src.workDir, problems, files);
      if (!got.length) problems.push(problem('structure', 'fail', 'eep_no_entity', `${x.path} 中没有 文件实体（封装内容/文件实体块/文件实体）`, `${x.path} holds no 文件实体 (封装内容/文件实体块/文件实体)`, x.path));
      records.push(...got);
    } catch (e) {
      if (!(e instanceof XmlRefused)) throw e;
      problems.push(problem('structure', 'fail', e.code, `${x.path}：${e.zh}`, `${x.path}: ${e.message}`, x.path));
    }
  }
  const info: Record<string, string[]> = { EEP: xmlFiles.map((f) => f.path) };
  return { layout: 'eep', root: src.root, records, files, declared: { recordCount: records.length }, xmlFiles, problems, info };
}

async function readOne(x: PackageFile, workDir: string, problems: PackageProblem[], files: PackageFile[]): Promise<PackageRecord[]> {
  const out: PackageRecord[] = [];
  let rec: { meta: Record<string, string>; files: PackageFile[]; n: number } | null = null;
  let attrs: Record<string, string> = {};
  let rootSeen = false;
  let docN = 0;
  const pending: Promise<void>[] = [];
  await parseXmlFile(x.absPath, {
    open(t, p) {
      if (!rootSeen) {
        rootSeen = true;
        if (t.local !== '电子文件封装包') problems.push(problem('structure', 'fail', 'eep_root', `${x.path} 根元素不是 电子文件封装包：${t.local}`, `${x.path}: root is not 电子文件封装包 but ${t.local}`, x.path));
        else if (t.uri !== EEP_NS) problems.push(problem('structure', 'fail', 'eep_namespace', `${x.path} 命名空间不是 DA/T 48 的 ${EEP_NS}（实为 ${t.uri || '无'}）`, `${x.path}: namespace is not DA/T 48's (${t.uri || 'none'})`, x.path, { expected: EEP_NS, actual: t.uri }));
      }
      if (t.local === '文件实体' && !p.slice(0, -1).includes('文件实体')) rec = { meta: {}, files: [], n: out.length };
      if (t.local === '编码') attrs = {};
    },
    text(text, p) {
      const name = p[p.length - 1]!;
      if (!rec || !text.trim()) return;
      if (p.includes('文件数据')) {
        if (ATTR.has(name)) attrs[name] = text.trim();
        else if (name === '编码数据') {
          const r = rec, a = attrs, i = ++docN;
          pending.push(writeContent(x, workDir, r.n, i, a, text).then((f) => { r.files.push(f); files.push(f); }));
        }
      } else if (META.has(name) && rec.meta[name] === undefined) rec.meta[name] = text.length > 100_000 ? text : text.trim();
    },
    close(name, p) {
      if (name === '文件实体' && rec && !p.slice(0, -1).includes('文件实体')) {
        const r = rec;
        out.push({ key: `${x.path}#${r.meta['电子文件号'] ?? r.n + 1}`, metadata: mapDat46(r.meta), files: r.files });
        rec = null;
      }
    },
  });
  await Promise.all(pending);
  return out;
}

/** Decodes one 编码数据 (base64) to `<work>/eep/<xml>/<record>/<n>-<计算机文件名>`, hashing as it goes. */
async function writeContent(x: PackageFile, workDir: string, recN: number, docN: number, a: Record<string, string>, b64: string): Promise<PackageFile> {
  const bytes = Buffer.from(b64.replace(/\s+/g, ''), 'base64');
  const name = safeRelativePath(a['计算机文件名'] ?? '').ok ? path.basename(a['计算机文件名']!) : `document-${docN}`;
  const rel = `${x.path}.content/${recN + 1}/${docN}-${name}`;
  const abs = path.join(workDir, 'eep', rel);
  await fs.mkdir(path.dirname(abs), { recursive: true });
  await fs.writeFile(abs, bytes);
  const digests = Object.fromEntries(RUNNER_DIGESTS.map((alg) => [alg, createHash(alg).update(bytes).digest('hex')]));
  const size = a['计算机文件大小'];
  return {
    path: rel, absPath: abs, size: bytes.length, digests, role: 'content',
    declared: { name: a['计算机文件名'], size: size !== undefined && /^\d+$/.test(size) ? Number(size) : (size as never), format: a['格式信息'] },
  };
}
