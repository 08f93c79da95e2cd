import fs from 'node:fs/promises';
import iconv from 'iconv-lite';
import type { IngestPackage, PackageFile, PackageProblem, PackageRecord } from '../checks/check.types.ts';
import { digestFile, RUNNER_DIGESTS } from '../digest.stream.ts';
import { safeRelativePath } from '../path-safety.ts';
import { baseName, stem } from './dat46.map.ts';
import { problem, type PackageSource } from './reader.types.ts';

const SYSTEM_FILES = /(^|\/)(\.DS_Store|Thumbs\.db|desktop\.ini|Icon\r?)$/i;
const ALGS = new Set(['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sm3']);

/** Parses `Label: value` lines with indented continuations; `strict` refuses space before the colon (bagit.txt). */
function tags(text: string, strict: boolean, bad: (line: string) => void) {
  const out: [string, string][] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (!line) continue;
    if (/^[ \t]/.test(line) && out.length) { out[out.length - 1]![1] += ` ${line.trim()}`; continue; }
    const m = strict ? /^([^:\s]+): (.*)$/.exec(line) : /^([^:]+?)\s*:\s*(.*)$/.exec(line);
    if (!m) { bad(line); continue; }
    out.push([m[1]!, m[2]!.trim()]);
  }
  return out;
}

/**
 * BagIt (RFC 8493, and the 0.93–0.97 drafts): bagit.txt declaration, bag-info (package-info before
 * 0.96), payload and tag manifests in any algorithm, Payload-Oxum, fetch.txt. Nothing is ever
 * fetched: a fetch.txt whose files are all present is flagged, one that needs a fetch fails.
 * Each payload file becomes a 件 titled by its name; metadata the bag-info gives in DA/T 46 names
 * (题名, 年度, 保管期限 …) applies to every record.
 */
export async function readBagit(src: PackageSource): Promise<IngestPackage> {
  const problems: PackageProblem[] = [...src.problems];
  const byPath = new Map(src.files.map((f) => [f.path, f]));
  const info: Record<string, string[]> = {};
  const fail = (code: string, zh: string, en: string, subject?: string, ev?: Record<string, unknown>) => problems.push(problem('structure', 'fail', code, zh, en, subject, ev));
  const warn = (code: string, zh: string, en: string, subject?: string, ev?: Record<string, unknown>) => problems.push(problem('structure', 'warning', code, zh, en, subject, ev));

  // bagit.txt: exactly the two declarations, UTF-8 without BOM.
  const decl = byPath.get('bagit.txt');
  let encoding = 'utf-8', version = '';
  if (!decl) fail('bagit_missing', '缺少 bagit.txt', 'bagit.txt is missing');
  else {
    const raw = await fs.readFile(decl.absPath);
    if (raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf) fail('bagit_bom', 'bagit.txt 以 BOM 开头', 'bagit.txt starts with a byte-order mark');
    const t = new Map(tags(raw.toString('utf8').replace(/^\uFEFF/, ''), true, (l) => fail('bagit_syntax', `bagit.txt 格式错误：${l}`, `bagit.txt line not valid: ${l}`)));
    version = t.get('BagIt-Version') ?? '';
    if (!/^\d+\.\d+$/.test(version)) fail('bagit_version', `BagIt-Version 无效：${version || '(缺)'}`, `Invalid BagIt-Version: ${version || '(missing)'}`);
    if (!t.get('Tag-File-Character-Encoding')) fail('bagit_encoding_missing', 'bagit.txt 缺少 Tag-File-Character-Encoding', 'bagit.txt lacks Tag-File-Character-Encoding');
    else encoding = t.get('Tag-File-Character-Encoding')!;
    info['BagIt-Version'] = [version];
  }
  const readTag = async (f: PackageFile) => {
    const raw = await fs.readFile(f.absPath);
    if (/^utf-?16/i.test(encoding)) return iconv.decode(raw, raw[0] === 0xfe ? 'utf-16be' : 'utf-16le').replace(/^\uFEFF/, '');
    return (iconv.encodingExists(encoding) ? iconv.decode(raw, encoding) : raw.toString('utf8')).replace(/^\uFEFF/, '');
  };
  const v1 = Number(version.split('.')[0]) >= 1;
  const decodePath = (p: string) => (v1 ? p.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%') : p);

  const infoFile = byPath.get('bag-info.txt') ?? byPath.get('package-info.txt');
  if (infoFile) for (const [k, v] of tags(await readTag(infoFile), false, (l) => warn('baginfo_syntax', `bag-info 行无法解析：${l}`, `bag-info line not parsed: ${l}`))) (info[k] ??= []).push(v);

  // Manifests: alg → (path → digest). Paths are taken literally (only RFC 8493's %0A %0D %25 decoded).
  const declared = new Map<string, Map<string, string>>();
  const readManifest = async (f: PackageFile, alg: string, payload: boolean) => {
    const m = new Map<string, string>();
    const rawOf = new Map<string, string>();
    for (const line of (await readTag(f)).split(/\r\n|\r|\n/)) {
      if (!line.trim()) continue;
      const mm = /^([0-9a-fA-F]+)\s+(\*?)(.+)$/.exec(line);
      if (!mm) { fail('manifest_syntax', `${f.path} 行无法解析：${line}`, `${f.path}: line not parsed: ${line}`, f.path); continue; }
      if (mm[2]) warn('manifest_binary_marker', `${f.path} 使用 md5sum 的 * 标记`, `${f.path} uses md5sum's binary marker "*"`, f.path);
      let p = decodePath(mm[3]!);
      if (p.startsWith('./')) warn('manifest_dot_slash', `清单路径以 ./ 开头：${p}`, `Manifest path starts with ./: ${p}`, f.path);
      const safe = safeRelativePath(p);
      if (!safe.ok) { fail('manifest_unsafe_path', `清单路径越出信息包：${p}（${safe.zh}）`, `Manifest path escapes the bag: ${p} (${safe.en})`, f.path); continue; }
      p = safe.path;
      if (payload && !p.startsWith('data/')) { fail('manifest_outside_payload', `清单列出 data/ 以外的文件：${p}`, `Payload manifest lists a file outside data/: ${p}`, f.path); continue; }
      const d = mm[1]!.toLowerCase();
      const prev = m.get(p);
      if (prev !== undefined && rawOf.get(p) !== mm[3]) {
        warn('manifest_nfc_twin', `清单中同名文件的 NFC/NFD 两种写法：${p}`, `Listed in both NFC and NFD forms: ${p}`, p);
        if (prev !== d) fail('manifest_duplicate_conflict', `同一文件列出两次且校验值不同：${p}`, `Listed twice with different digests: ${p}`, p);
        continue;
      }
      rawOf.set(p, mm[3]!);
      if (prev !== undefined) {
        if (prev !== d) fail('manifest_duplicate_conflict', `同一文件列出两次且校验值不同：${p}`, `Listed twice with different digests: ${p}`, p);
        else if (v1) fail('manifest_duplicate', `同一文件在清单中列出两次：${p}`, `Listed twice: ${p}`, p);
        else warn('manifest_duplicate', `同一文件在清单中列出两次：${p}`, `Listed twice: ${p}`, p);
        continue;
      }
      m.set(p, d);
    }
    return m;
  };
  const tagDeclared = new Map<string, Map<string, string>>();
  for (const f of src.files) {
    const m = /^(tag)?manifest-([a-z0-9]+)\.txt$/.exec(f.path);
    if (!m) continue;
    if (!ALGS.has(m[2]!)) { fail('manifest_algorithm', `不支持的校验算法：${m[2]}`, `Unsupported manifest algorithm: ${m[2]}`, f.path); continue; }
    (m[1] ? tagDeclared : declared).set(m[2]!, await readManifest(f, m[2]!, !m[1]));
  }
  if (!declared.size) fail('manifest_missing', '缺少载荷清单 manifest-<算法>.txt', 'No payload manifest (manifest-<alg>.txt)');

  const payload = src.files.filter((f) => f.path.startsWith('data/'));
  const missingSystem = new Set<string>();
  const lower = new Map(payload.map((f) => [f.path.toLowerCase(), f.path]));
  for (const [alg, m] of [...declared, ...tagDeclared]) {
    const isTag = tagDeclared.get(alg) === m;
    for (const [p, d] of m) {
      const f = byPath.get(p);
      if (!f) {
        if (SYSTEM_FILES.test(p)) missingSystem.add(p);
        if (SYSTEM_FILES.test(p)) warn('listed_system_file_missing', `清单列出的系统文件不存在：${p}`, `A system file listed in the manifest is absent: ${p}`, p);
        else if (lower.has(p.toLowerCase())) warn('case_only_difference', `清单中的文件名仅大小写不同：${p}`, `Listed name differs only in case from a present file: ${p}`, p);
        else if (declared.get(alg) === m || !isTag) fail('listed_file_missing', `清单列出的文件不存在：${p}`, `A file listed in manifest-${alg} is missing: ${p}`, p);
        else fail('listed_file_missing', `标签清单列出的文件不存在：${p}`, `A file listed in tagmanifest-${alg} is missing: ${p}`, p);
        continue;
      }
      f.declared = { ...f.declared, digests: { ...f.declared?.digests, [alg]: d } };
      if (!RUNNER_DIGESTS.includes(alg as never) && !f.otherDigests?.[alg]) f.otherDigests = { ...f.otherDigests, ...(await digestFile(f.absPath, [alg])).digests };
    }
    if (!isTag) for (const f of payload) if (!m.has(f.path)) fail('unlisted_payload', `载荷文件未列入 manifest-${alg}.txt：${f.path}`, `Payload file not in manifest-${alg}.txt: ${f.path}`, f.path);
  }
  for (const f of src.files) {
    f.role = f.path.startsWith('data/') ? 'content' : 'tag';
    if (f.role === 'content' && SYSTEM_FILES.test(f.path)) warn('system_file', `载荷含系统文件：${f.path}`, `Payload holds a system file: ${f.path}`, f.path);
  }

  // fetch.txt: never fetched. All present → flagged; anything to fetch or out of scope → fail.
  const fetch = byPath.get('fetch.txt');
  if (fetch) {
    let missing = 0;
    for (const line of (await readTag(fetch)).split(/\r\n|\r|\n/)) {
      const m = /^(\S+)\s+(\S+)\s+(.+)$/.exec(line.trim());
      if (!m) continue;
      const safe = safeRelativePath(decodePath(m[3]!));
      if (!safe.ok || !safe.path.startsWith('data/')) fail('fetch_unsafe_path', `fetch.txt 目标越出信息包：${m[3]}`, `fetch.txt target escapes the bag: ${m[3]}`, 'fetch.txt');
      else if (!byPath.has(safe.path)) missing++;
    }
    if (missing) fail('fetch_required', `fetch.txt 要求从网络获取 ${missing} 个文件（离线接收不获取）`, `fetch.txt needs ${missing} file(s) fetched; an archive never fetches`, 'fetch.txt');
    else warn('fetch_ignored', 'fetch.txt 已忽略：所列文件均已在包内，未发起任何网络请求', 'fetch.txt ignored: every listed file is present; nothing was fetched', 'fetch.txt');
  }

  const oxum = info['Payload-Oxum']?.[0];
  const declaredTotals: IngestPackage['declared'] = {};
  if (oxum) {
    const m = /^(\d+)\.(\d+)$/.exec(oxum);
    if (m) {
      declaredTotals.totalBytes = Number(m[1]);
      declaredTotals.fileCount = Number(m[2]) - missingSystem.size;
      if (missingSystem.size) warn('oxum_counts_system_files', `Payload-Oxum 计入了 ${missingSystem.size} 个不在包内的系统文件，核对时已扣除`, `Payload-Oxum counts ${missingSystem.size} absent system file(s); left out of the comparison`);
    } else fail('oxum_syntax', `Payload-Oxum 格式错误：${oxum}`, `Payload-Oxum is malformed: ${oxum}`);
  }
  const common = bagMetadata(info);
  const records: PackageRecord[] = payload.filter((f) => !SYSTEM_FILES.test(f.path)).map((f) => ({
    key: f.path, metadata: { title: stem(f.path) || baseName(f.path), ...common }, files: [{ ...f, declared: { ...f.declared, name: baseName(f.path), size: f.size } }],
  }));
  return { layout: 'bagit', root: src.root, records, files: src.files, declared: declaredTotals, xmlFiles: src.files.filter((f) => /\.xml$/i.test(f.path)), problems, info };
}

/** DA/T 46 names in bag-info (题名, 年度, 保管期限 …) apply to every record of the bag. */
function bagMetadata(info: Record<string, string[]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const one = (k: string) => info[k]?.[0];
  if (one('年度') && /^\d{4}$/.test(one('年度')!)) out.year = Number(one('年度'));
  if (one('保管期限')) out.retention = one('保管期限');
  if (one('责任者') ?? one('Source-Organization')) out.responsible = one('责任者') ?? one('Source-Organization');
  return out;
}
