import type { CheckDefinition } from './check.types.ts';
import { codes, collector } from './check.kit.ts';

/**
 * GD-1-1 固化信息有效性: every digest the package declares for a file (BagIt manifests and tag
 * manifests, checksum files, EEP/metadata) equals the digest of the bytes as received.
 */
export const fixityCheck: CheckDefinition = {
  id: 'fixity', items: codes('1-1'), property: 'authenticity', zh: '固化信息有效性检测（数字摘要）', en: 'Fixity (declared digests)', defaults: {},
  async run({ pkg }) {
    const c = collector(this);
    let checked = 0;
    const algs = new Set<string>();
    for (const f of pkg.files) {
      const declared: Record<string, string> = { ...f.declared?.digests };
      if (f.declared?.digest) declared[f.declared.digest.alg] = f.declared.digest.value;
      for (const [alg, want] of Object.entries(declared)) {
        const have = (f.digests as Record<string, string | undefined>)[alg] ?? f.otherDigests?.[alg];
        algs.add(alg);
        if (!have) { c.add({ outcome: 'warning', subject: f.path, evidence: { alg, declared: want }, zh: `无法计算 ${alg} 摘要：${f.path}`, en: `Cannot compute ${alg} for ${f.path}` }); continue; }
        checked++;
        if (have !== want.toLowerCase()) c.add({ outcome: 'fail', subject: f.path, evidence: { alg, declared: want, actual: have, size: f.size }, zh: `${alg} 摘要不符：${f.path}`, en: `${alg} digest mismatch: ${f.path}` });
      }
    }
    if (!checked && !algs.size) return [{ outcome: 'warning', evidence: { files: pkg.files.length }, zh: '信息包未声明任何数字摘要，无法核对固化信息', en: 'The package declares no digests; fixity cannot be checked' }];
    return c.done({ digestsChecked: checked, algorithms: [...algs].sort() }, `已核对 ${checked} 个数字摘要，全部相符`, `${checked} declared digests checked, all match`);
  },
};
