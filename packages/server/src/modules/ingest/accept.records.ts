import { RecordFields, type ExtraField, type SchemeBody } from '@lantai/api';
import type { Tx } from '../../platform/db/database.ts';
import { DomainError } from '../../http/errors.ts';
import { fieldColumns, presentRecord } from '../catalogue/record.presenter.ts';
import { classOf, codeFor, takeNumber, type NumberingTarget } from '../catalogue/record.numbering.ts';
import { validateRecord } from '../catalogue/record.validate.ts';
import { currentScheme, findCategory } from '../scheme/scheme.repository.ts';
import type { IngestPackage, PackageFile } from './checks/check.types.ts';

const RECORD_KEYS = Object.keys(RecordFields.shape);

/**
 * Writes one checked package's records in the caller's transaction (ingest accept, transfer accept): the run must
 * still be `accepting` (locked); each record is numbered by the 门类's approved scheme like one created by hand, with
 * its version snapshot, its files (already in the store) and the link to the run. A record that does not fit the
 * scheme throws record_invalid and the caller's transaction leaves nothing. Returns the new record ids in order.
 */
export async function writePackageRecords(tx: Tx, o: {
  runId: string; categoryId: string; pkg: IngestPackage; actor: string; mimeOf: (f: PackageFile) => string | undefined;
  archivedAt: () => Date; onRecord?: (done: number) => Promise<void>;
}): Promise<string[]> {
  const locked = await tx.selectFrom('ingest_runs').select('status').where('id', '=', o.runId).forUpdate().executeTakeFirstOrThrow();
  if (locked.status !== 'accepting') throw new DomainError('ingest_run_state', 409);
  const c = await findCategory(tx, o.categoryId);
  const s = await currentScheme(tx, o.categoryId);
  if (!c || !s) throw new DomainError('no_approved_scheme', 409);
  const scheme = s.body as SchemeBody;
  const t: NumberingTarget = { categoryId: c.id, categoryCode: c.code, fondsCode: c.fonds_code, scheme };
  const ids: string[] = [];
  for (const r of o.pkg.records) {
    const parsed = RecordFields.safeParse(Object.fromEntries(Object.entries(r.metadata).filter(([k]) => RECORD_KEYS.includes(k) && k !== 'extra')));
    if (!parsed.success) throw new DomainError('record_invalid', 400, parsed.error.issues.slice(0, 20).map((x) => ({ path: `${r.key}.${x.path.join('.')}`, message: x.message })));
    const f = parsed.data;
    const { counterKey, prefix, missing } = classOf(t, f);
    const issues = validateRecord(f, scheme, c.extra_fields as ExtraField[]);
    for (const m of missing) issues.push({ path: m, message: `档号缺少构成项 ${m} / the 档号 needs ${m}` });
    if (issues.length) throw new DomainError('record_invalid', 400, issues.slice(0, 20).map((x) => ({ path: `${r.key}.${x.path}`, message: x.message })));
    const seqNo = await takeNumber(tx, counterKey);
    const row = await tx.insertInto('records').values({
      fonds_id: c.fonds_id, category_id: c.id, scheme_id: s.id, kind: 'item', parent_id: null, archival_code: codeFor(t, prefix, seqNo), counter_key: counterKey,
      seq_no: seqNo, created_by: o.actor, status: 'archived', archived_at: o.archivedAt(), ...fieldColumns(f),
    } as never).returningAll().executeTakeFirstOrThrow();
    await tx.insertInto('record_versions').values({ record_id: row.id, version: row.version, action: 'ingest', actor: o.actor, data: JSON.stringify(presentRecord(row)) }).execute();
    for (const file of r.files) {
      await tx.insertInto('record_files').values({
        record_id: row.id, filename: file.path.slice(file.path.lastIndexOf('/') + 1).slice(0, 255) || 'file', mime: o.mimeOf(file) ?? 'application/octet-stream', size: file.size,
        sha256: file.digests.sha256!, sm3: file.digests.sm3!, created_by: o.actor,
      }).execute();
    }
    await tx.insertInto('ingest_run_records').values({ record_id: row.id, run_id: o.runId, package_key: r.key.slice(0, 1000) }).execute();
    ids.push(row.id);
    await o.onRecord?.(ids.length);
  }
  return ids;
}
