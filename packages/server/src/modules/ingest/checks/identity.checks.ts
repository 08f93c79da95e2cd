import type { CheckDefinition } from './check.types.ts';
import { clip, codes, collector, str } from './check.kit.ts';

/** GD-1-7 档号规范性: a 档号 the package gives must parse under the category's approved scheme. */
export const archivalCodeCheck: CheckDefinition = {
  id: 'archival-code', items: codes('1-7'), property: 'authenticity', zh: '档号规范性检测', en: 'Archival codes (档号) follow the approved scheme', defaults: {},
  async run({ pkg, services }) {
    const withCode = pkg.records.filter((r) => str(r, 'archivalCode'));
    if (!withCode.length) return [{ outcome: 'skipped', evidence: { records: pkg.records.length }, zh: '信息包未给出档号（接收时按分类方案编号）', en: 'No 档号 in the package (numbered on acceptance by the scheme)' }];
    if (!services.archivalCodeProblem) return [{ outcome: 'skipped', evidence: {}, zh: '未配置档号规则', en: 'No archival-code rule available' }];
    const c = collector(this);
    for (const r of withCode) {
      const p = await services.archivalCodeProblem(r);
      if (p) c.add({ outcome: 'fail', subject: r.key, evidence: { archivalCode: clip(r.metadata.archivalCode), problem: p }, zh: `${r.key}：档号不规范（${p}）`, en: `${r.key}: 档号 does not follow the scheme (${p})` });
    }
    return c.done({ checked: withCode.length });
  },
};

/** GD-1-8 重复性: 档号 and 文号 unique in the package and against the archive; same content twice; the same package accepted before. */
export const duplicateCheck: CheckDefinition = {
  id: 'duplicates', items: codes('1-8'), property: 'authenticity', zh: '元数据项数据重复性检测（档号、文号、题名）', en: 'Duplicates (档号, 文号, title, content, package)', defaults: { titleDuplicates: 'warning' }, choices: { titleDuplicates: ['warning', 'fail'] },
  async run({ pkg, services, settings }) {
    const c = collector(this);
    const group = (k: string) => {
      const m = new Map<string, string[]>();
      for (const r of pkg.records) { const v = str(r, k).trim(); if (v) m.set(v, [...(m.get(v) ?? []), r.key]); }
      return [...m].filter(([, ks]) => ks.length > 1);
    };
    for (const [k, outcome] of [['archivalCode', 'fail'], ['docNumber', 'fail'], ['title', settings.titleDuplicates === 'fail' ? 'fail' : 'warning']] as const) {
      for (const [v, keys] of group(k)) c.add({ outcome, subject: keys[0], evidence: { field: k, value: clip(v), records: keys.slice(0, 20) }, zh: `${k} 在包内重复 ${keys.length} 次：${clip(v, 60)}`, en: `${k} appears ${keys.length} times in the package: ${clip(v, 60)}` });
    }
    const bySha = new Map<string, string[]>();
    for (const r of pkg.records) for (const f of r.files) if (f.digests.sha256 && f.size > 0) bySha.set(f.digests.sha256, [...(bySha.get(f.digests.sha256) ?? []), f.path]);
    for (const [sha, paths] of bySha) if (paths.length > 1) c.add({ outcome: 'warning', subject: paths[0], evidence: { sha256: sha, files: paths.slice(0, 20) }, zh: `相同内容的文件 ${paths.length} 个`, en: `${paths.length} files with identical content` });
    if (services.existingCodes) {
      const codesIn = [...new Set(pkg.records.flatMap((r) => [str(r, 'archivalCode'), str(r, 'docNumber')]).filter(Boolean))];
      const found = codesIn.length ? await services.existingCodes(codesIn) : new Set<string>();
      for (const v of found) c.add({ outcome: 'fail', subject: v, evidence: { value: v }, zh: `档号/文号已存在于档案库：${v}`, en: `Already in the archive: ${v}` });
    }
    if (services.existingFiles && bySha.size) {
      const found = await services.existingFiles([...bySha.keys()]);
      for (const sha of found) c.add({ outcome: 'warning', subject: bySha.get(sha)![0], evidence: { sha256: sha }, zh: `档案库中已有相同内容的文件：${bySha.get(sha)![0]}`, en: `The archive already holds this content: ${bySha.get(sha)![0]}` });
    }
    const before = await services.acceptedBefore?.();
    if (before) c.add({ outcome: 'fail', evidence: { acceptedRun: before }, zh: `同一信息包已于检测任务 ${before} 接收，重复提交`, en: `The same package was already accepted (run ${before}): duplicate submission` });
    return c.done({ records: pkg.records.length });
  },
};
