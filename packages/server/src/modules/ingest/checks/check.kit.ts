import type { CheckDefinition, CheckResult, PackageRecord, Stage } from './check.types.ts';

/** The same item number in every stage: GD-1-1, YJ-1-1, CQ-1-1. */
export const codes = (n: string): Partial<Record<Stage, string>> => ({ GD: `GD-${n}`, YJ: `YJ-${n}`, CQ: `CQ-${n}` });

/** Most results one check writes for one run; the rest are counted in a closing result. */
export const MAX_RESULTS = 500;

/** Collects failures/warnings; ends with a pass summary when nothing was found, or a count of the cut-off ones. */
export function collector(def: Pick<CheckDefinition, 'zh' | 'en'>) {
  const out: CheckResult[] = [];
  let more = 0;
  return {
    add(r: CheckResult) {
      if (out.length < MAX_RESULTS) out.push(r);
      else more++;
    },
    done(passEvidence: Record<string, unknown>, passZh = `${def.zh}：通过`, passEn = `${def.en}: passed`): CheckResult[] {
      if (!out.length) return [{ outcome: 'pass', evidence: passEvidence, zh: passZh, en: passEn }];
      if (more) out.push({ outcome: out.some((r) => r.outcome === 'fail') ? 'fail' : 'warning', evidence: { omitted: more, ...passEvidence }, zh: `另有 ${more} 条同类结果未列出`, en: `${more} more results of this kind not listed` });
      return out;
    },
  };
}

/** A value cut for evidence (a 10 MB title must not land in the report). */
export const clip = (v: unknown, n = 200): unknown => (typeof v === 'string' && v.length > n ? `${v.slice(0, n)}…（共 ${v.length} 字 / ${v.length} chars）` : v);

export const str = (r: PackageRecord, k: string) => (typeof r.metadata[k] === 'string' ? (r.metadata[k] as string) : r.metadata[k] === undefined || r.metadata[k] === null ? '' : String(r.metadata[k]));
