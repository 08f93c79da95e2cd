import type { Selectable } from 'kysely';
import type { Transfer, TransferDetail } from '@lantai/api';
import type { Conn, Db } from '../../platform/db/database.ts';
import type { TransfersTable } from '../../platform/db/schema.ts';
import { notFound } from '../../http/errors.ts';
import { presentRun } from '../ingest/run.service.ts';

type Row = Selectable<TransfersTable> & { fonds_code: string; fonds_name: string; category_code: string; category_name: string; form_sha256: string | null; form_sm3: string | null };
const iso = (d: Date | null) => d?.toISOString() ?? null;

export const presentTransfer = (r: Row): Transfer => ({
  id: r.id, number: r.number, status: r.status, version: r.version, round: r.round, title: r.title, description: r.description,
  transferringUnit: r.transferring_unit, receivingUnit: r.receiving_unit, fondsId: r.fonds_id, fondsCode: r.fonds_code, fondsName: r.fonds_name,
  categoryId: r.category_id, categoryCode: r.category_code, categoryName: r.category_name, yearFrom: r.year_from, yearTo: r.year_to,
  declaredRecords: r.declared_records, declaredFiles: r.declared_files, declaredBytes: Number(r.declared_bytes), returnReason: r.return_reason, failure: r.failure,
  acceptJobId: r.accept_job_id, createdRecords: r.created_records, createdBy: r.created_by, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
  submittedBy: r.submitted_by, submittedAt: iso(r.submitted_at), decidedBy: r.decided_by, decidedAt: iso(r.decided_at),
  agencyConfirmedBy: r.agency_confirmed_by, agencyConfirmedAt: iso(r.agency_confirmed_at), archiveConfirmedBy: r.archive_confirmed_by, archiveConfirmedAt: iso(r.archive_confirmed_at),
  formSha256: r.form_sha256, formSm3: r.form_sm3,
});

/** Transfers with their fonds, 门类 and latest 登记表. */
export const selectTransfers = (db: Conn) => db.selectFrom('transfers').innerJoin('fonds', 'fonds.id', 'transfers.fonds_id').innerJoin('categories', 'categories.id', 'transfers.category_id')
  .selectAll('transfers').select(['fonds.code as fonds_code', 'fonds.name as fonds_name', 'categories.code as category_code', 'categories.name as category_name'])
  .select((eb) => [
    eb.selectFrom('transfer_forms').select('sha256').whereRef('transfer_forms.transfer_id', '=', 'transfers.id').orderBy('seq', 'desc').limit(1).as('form_sha256'),
    eb.selectFrom('transfer_forms').select('sm3').whereRef('transfer_forms.transfer_id', '=', 'transfers.id').orderBy('seq', 'desc').limit(1).as('form_sm3'),
  ]);

export async function findTransfer(db: Conn, id: string): Promise<Row> {
  const r = await selectTransfers(db).where('transfers.id', '=', id).executeTakeFirst();
  if (!r) throw notFound();
  return r as Row;
}

export async function livePackages(db: Conn, transferId: string) {
  return db.selectFrom('transfer_packages').selectAll().where('transfer_id', '=', transferId).where('detached_at', 'is', null).orderBy('added_at').execute();
}

/** Every check run of the transfer (newest round first) with its job progress. */
export async function transferChecks(db: Conn, transferId: string) {
  const rows = await db.selectFrom('transfer_runs').innerJoin('ingest_runs', 'ingest_runs.id', 'transfer_runs.run_id').innerJoin('transfer_packages', 'transfer_packages.id', 'transfer_runs.package_id')
    .leftJoin('job_runs', (j) => j.on((eb) => eb('job_runs.id', '=', eb.fn.coalesce('ingest_runs.accept_job_id', 'ingest_runs.job_id'))))
    .selectAll('ingest_runs').select(['transfer_runs.round', 'transfer_runs.package_id', 'job_runs.percent as percent', 'job_runs.message as message'])
    .where('transfer_runs.transfer_id', '=', transferId).orderBy('transfer_runs.round', 'desc').orderBy('transfer_packages.added_at').execute();
  return rows.map((r) => ({ round: r.round, packageId: r.package_id, run: presentRun(r as never) }));
}

const PROPS = ['authenticity', 'integrity', 'usability', 'safety'] as const;

/** The verdict over the current round, received totals vs the declared ones, and outcomes per 四性 property. */
export async function summarize(db: Conn, t: Pick<Row, 'id' | 'round' | 'declared_records' | 'declared_files' | 'declared_bytes'>, checks: { round: number; run: TransferDetail['checks'][number]['run'] }[]): Promise<TransferDetail['summary']> {
  const cur = checks.filter((c) => c.round === t.round && t.round > 0).map((c) => c.run);
  const done = cur.length > 0 && cur.every((r) => ['checked', 'accepting', 'accepted', 'rejected', 'failed'].includes(r.status));
  const received = { records: cur.reduce((s, r) => s + r.recordCount, 0), files: cur.reduce((s, r) => s + r.fileCount, 0), bytes: cur.reduce((s, r) => s + r.totalBytes, 0) };
  const verdict = !done ? null : cur.some((r) => r.status === 'failed' || r.verdict === 'fail') ? 'fail' : cur.some((r) => r.verdict === 'warning') ? 'warning' : 'pass';
  const byProperty: TransferDetail['summary']['byProperty'] = Object.fromEntries(PROPS.map((p) => [p, { pass: 0, fail: 0, warning: 0, skipped: 0 }]));
  if (cur.length) {
    const rows = await db.selectFrom('ingest_run_items').select(['property', 'outcome', (eb) => eb.fn.countAll<number>().as('n')])
      .where('run_id', 'in', cur.map((r) => r.id)).groupBy(['property', 'outcome']).execute();
    for (const r of rows) { const p = byProperty[r.property]; if (p) p[r.outcome as 'pass'] += Number(r.n); }
  }
  const totalsMatch = !done ? null : received.records === t.declared_records && received.files === t.declared_files && received.bytes === Number(t.declared_bytes);
  return { verdict, received, totalsMatch, byProperty };
}

export async function detail(db: Db, id: string): Promise<TransferDetail> {
  const r = await findTransfer(db, id);
  const checks = await transferChecks(db, id);
  const packages = (await livePackages(db, id)).map((p) => ({ id: p.id, uploadId: p.upload_id, filename: p.filename, size: Number(p.size), sha256: p.sha256, sm3: p.sm3, addedBy: p.added_by, addedAt: p.added_at.toISOString() }));
  return { ...presentTransfer(r), packages, checks, summary: await summarize(db, r, checks) };
}
