import type { SchemeBody } from '@lantai/api';
import type { Db } from '../../platform/db/database.ts';
import { codePattern, renderPrefix } from '../scheme/archival-code.ts';
import { currentScheme, findCategory } from '../scheme/scheme.repository.ts';
import type { CheckServices, PackageRecord } from './checks/check.types.ts';

/** The lookups the checks may use, bound to the run's 门类 and package. */
export async function buildServices(db: Db, run: { id: string; category_id: string; package_sha256: string | null }, clamd?: CheckServices['clamd']): Promise<CheckServices> {
  const cat = await findCategory(db, run.category_id);
  const scheme = await currentScheme(db, run.category_id);
  const body = scheme?.body as SchemeBody | undefined;
  const pattern = body ? codePattern(body.codeRule, body) : null;
  return {
    async archivalCodeProblem(r: PackageRecord) {
      const code = String(r.metadata.archivalCode ?? '');
      if (!pattern || !body || !cat) return '门类没有已批准的分类方案 / no approved scheme';
      if (!pattern.test(code)) return `不符合档号规则 ${pattern.source} / does not match the rule`;
      if (typeof r.metadata.year === 'number' && typeof r.metadata.retention === 'string') {
        const { prefix } = renderPrefix(body.codeRule, { fonds: cat.fonds_code, category: cat.code, year: r.metadata.year, retention: r.metadata.retention, org: String(r.metadata.orgCode ?? ''), catalogueNo: String(r.metadata.catalogueNo ?? '') });
        if (prefix && !code.startsWith(prefix)) return `与著录项应得的前缀 ${prefix} 不符 / prefix should be ${prefix}`;
      }
      return null;
    },
    async existingCodes(codes) {
      const out = new Set<string>();
      for (let i = 0; i < codes.length; i += 5000) {
        const part = codes.slice(i, i + 5000);
        const rows = await db.selectFrom('records').select(['archival_code', 'doc_number']).where('category_id', '=', run.category_id)
          .where((eb) => eb.or([eb('archival_code', 'in', part), eb('doc_number', 'in', part)])).execute();
        for (const r of rows) for (const v of [r.archival_code, r.doc_number]) if (part.includes(v)) out.add(v);
      }
      return out;
    },
    async existingFiles(shas) {
      const out = new Set<string>();
      for (let i = 0; i < shas.length; i += 5000) {
        const rows = await db.selectFrom('record_files').select('sha256').distinct().where('sha256', 'in', shas.slice(i, i + 5000)).execute();
        for (const r of rows) out.add(r.sha256);
      }
      return out;
    },
    async acceptedBefore() {
      if (!run.package_sha256) return null;
      const r = await db.selectFrom('ingest_runs').select('id').where('package_sha256', '=', run.package_sha256).where('status', '=', 'accepted').where('id', '!=', run.id).limit(1).executeTakeFirst();
      return r?.id ?? null;
    },
    ...(clamd ? { clamd } : {}),
  };
}
