import fs from 'node:fs/promises';
import iconv from 'iconv-lite';
import type { IngestPackage, PackageFile, PackageProblem, PackageRecord } from '../checks/check.types.ts';
import { baseName, mapDat46 } from './dat46.map.ts';
import { problem, type PackageSource } from './reader.types.ts';
import { parseXmlFile, XmlRefused } from './xml.parse.ts';

const DESC = /^说明文件\.txt$/i;
const CATALOGUE = /^(文件目录|案卷目录)\.xml$/i;
const NUM = (s: string | undefined) => (s && /^\d+$/.test(s.replace(/[,，\s]/g, '')) ? Number(s.replace(/[,，\s]/g, '')) : undefined);

/** Decodes 说明文件.TXT (UTF-8 when valid, else GB18030) into `项目：值` pairs. */
export function parseDescription(raw: Buffer): Record<string, string[]> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    text = iconv.decode(raw, 'gb18030');
  }
  const out: Record<string, string[]> = {};
  for (const line of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    const m = /^\s*([^:：]{1,40}?)\s*[:：]\s*(.*)$/.exec(line);
    if (m) (out[m[1]!] ??= []).push(m[2]!.trim());
  }
  return out;
}

/**
 * The offline transfer layout of 《电子档案移交与接收办法》(档发〔2012〕7号) 附件2: 说明文件.TXT,
 * 文件目录.XML (<文件目录><文件>顺序号, 档号, 责任者, 题名, 日期, 密级, 电子档案名称, 备注</文件>) or
 * 案卷目录.XML, the records under 电子档案/ and the rest under 其他/. Each 文件 row is a 件 whose
 * 电子档案名称 names its file(s) under 电子档案/ (by path, else by file name).
 */
export async function readTransfer2012(src: PackageSource): Promise<IngestPackage> {
  const problems: PackageProblem[] = [...src.problems];
  const fail = (code: string, zh: string, en: string, subject?: string) => problems.push(problem('description', 'fail', code, zh, en, subject));
  const desc = src.files.find((f) => DESC.test(f.path));
  const cat = src.files.find((f) => CATALOGUE.test(f.path));
  const content = src.files.filter((f) => f.path.startsWith('电子档案/'));
  for (const f of src.files) f.role = f.path.startsWith('电子档案/') ? 'content' : 'metadata';
  let info: Record<string, string[]> = {};
  if (!desc) fail('description_missing', '缺少 说明文件.TXT', '说明文件.TXT (the description file) is missing');
  else info = parseDescription(await fs.readFile(desc.absPath));
  if (!cat) fail('catalogue_missing', '缺少 文件目录.XML 或 案卷目录.XML', 'No 文件目录.XML or 案卷目录.XML (the catalogue file)');
  if (!content.length) problems.push(problem('structure', 'fail', 'content_folder_missing', '缺少 电子档案/ 文件夹或其为空', 'The 电子档案/ folder is missing or empty'));
  for (const f of src.files) {
    const top = f.path.split('/')[0]!;
    if (!(DESC.test(f.path) || CATALOGUE.test(f.path) || top === '电子档案' || top === '其他')) problems.push(problem('structure', 'warning', 'unexpected_file', `载体上有规定结构以外的文件：${f.path}`, `File outside the prescribed layout: ${f.path}`, f.path));
  }

  const rows: Record<string, string>[] = [];
  if (cat) {
    let row: Record<string, string> | null = null;
    try {
      await parseXmlFile(cat.absPath, {
        open(t, p) { if (p.length === 2 && (t.local === '文件' || t.local === '案卷')) row = {}; },
        text(t, p) { if (row && p.length === 3) row[p[2]!] = (row[p[2]!] ?? '') + t; },
        close(_n, p) { if (row && p.length === 2) { rows.push(row); row = null; } },
      });
    } catch (e) {
      if (!(e instanceof XmlRefused)) throw e;
      fail(e.code, `${cat.path}：${e.zh}`, `${cat.path}: ${e.message}`, cat.path);
    }
  }
  const byPath = new Map(content.map((f) => [f.path, f]));
  const byName = new Map<string, PackageFile[]>();
  for (const f of content) byName.set(baseName(f.path), [...(byName.get(baseName(f.path)) ?? []), f]);
  const used = new Set<string>();
  const records: PackageRecord[] = rows.map((r, i) => {
    const names = (r['电子档案名称'] ?? '').split(/[;；|]/).map((s) => s.trim().replace(/\\/g, '/')).filter(Boolean);
    const files: PackageFile[] = [];
    for (const n of names) {
      const f = byPath.get(n) ?? byPath.get(`电子档案/${n}`) ?? (byName.get(baseName(n))?.length === 1 ? byName.get(baseName(n))![0] : undefined);
      if (f) { files.push({ ...f, declared: { ...f.declared, name: baseName(n) } }); used.add(f.path); } else problems.push(problem('structure', 'fail', 'catalogue_file_missing', `目录第 ${i + 1} 条的电子档案不存在：${n}`, `Row ${i + 1} names a file that is not there: ${n}`, r['档号'] ?? String(i + 1)));
    }
    return { key: r['档号'] || r['顺序号'] || String(i + 1), metadata: { ...mapDat46(r), rowNo: i + 1 }, files };
  });
  for (const f of content) if (!used.has(f.path)) problems.push(problem('structure', 'fail', 'content_not_catalogued', `电子档案未列入目录文件：${f.path}`, `A file under 电子档案/ is not in the catalogue: ${f.path}`, f.path));
  const one = (k: string) => info[k]?.[0];
  const declared: IngestPackage['declared'] = {
    recordCount: NUM(one('文件数') ?? one('件数') ?? one('档案数量')), fileCount: NUM(one('电子文件数') ?? one('文件个数')), totalBytes: NUM(one('数据量（字节）') ?? one('字节数') ?? one('数据量(字节)')),
  };
  return { layout: 'transfer2012', root: src.root, records, files: src.files, declared, xmlFiles: src.files.filter((f) => /\.xml$/i.test(f.path)), problems, info };
}
