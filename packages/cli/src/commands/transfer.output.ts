import type { TransferClient, TransferDetail } from '@lantai/api';
import { table } from '../output.ts';

/** Exit status 2: the transfer was refused — returned, or the current round's checks failed or its totals differ from the declared ones. */
export const refused = (t: TransferDetail) => t.status === 'returned' || (t.status === 'checked' && (t.summary.verdict === 'fail' || t.summary.totalsMatch === false));

/** Server refusals that mean "the archive will not take it as it is" (exit 2), not errors of the call (exit 1). */
export const REFUSAL_CODES = new Set(['transfer_verdict_fail', 'transfer_totals_mismatch']);

const yesNo = (v: boolean | null) => (v === null ? '—' : v ? '一致 / match' : '不一致 / MISMATCH');

/** The status page of a transfer: totals, verdict, per-package check results with their report links, the 登记表 and confirmations. */
export function describeTransfer(t: TransferDetail, links: ReturnType<TransferClient['links']>): string {
  const s = t.summary;
  const current = t.checks.filter((c) => c.round === t.round);
  const pkgs = t.packages.map((p) => ({ ...p, run: current.find((c) => c.packageId === p.id)?.run }));
  const lines = [
    `移交单 / transfer:   ${t.number}  (${t.id})`,
    `状态 / status:       ${t.status}  version ${t.version}  第 ${t.round} 轮 / round ${t.round}`,
    `名称 / title:        ${t.title}`,
    `移交 → 接收:         ${t.transferringUnit} → ${t.receivingUnit}`,
    `全宗 · 门类 · 年度:  ${t.fondsCode} · ${t.categoryCode} · ${t.yearFrom}–${t.yearTo}`,
    `登记 / declared:     ${t.declaredRecords} 件 / records, ${t.declaredFiles} 文件 / files, ${t.declaredBytes} B`,
    `实收 / received:     ${s.received.records} 件 / records, ${s.received.files} 文件 / files, ${s.received.bytes} B  ${yesNo(s.totalsMatch)}`,
    `检测结论 / verdict:  ${s.verdict ?? '—'}`,
    ...(t.returnReason && t.status === 'returned' ? [`退回理由 / returned: ${t.returnReason}`] : []),
    ...(t.failure ? [`失败 / failure:      ${t.failure}`] : []),
    ...(t.status === 'accepted' || t.status === 'confirmed' ? [`入库 / records:      ${t.createdRecords}`] : []),
    '',
    `信息包 / packages (${t.packages.length}):`,
    table(pkgs.map((p) => ({
      filename: p.filename, size: p.size, status: p.run?.status ?? '—', verdict: p.run?.verdict ?? '—', records: p.run ? `${p.run.recordCount}/${p.run.fileCount}` : '—',
    })), [['filename', '信息包 package'], ['size', '字节 bytes'], ['status', '检测 check'], ['verdict', '结论 verdict'], ['records', '件/文件 records/files']]),
    ...pkgs.flatMap((p) => [
      `  ${p.filename}  sha256 ${p.sha256}  sm3 ${p.sm3}`,
      ...(p.run?.reportPdfSha256 ? [`    报告 / report: ${links.reports[p.run.id]!.pdf}`] : []),
      ...(p.run?.failure ? [`    失败 / failure: ${p.run.failure}`] : []),
    ]),
  ];
  const earlier = t.checks.filter((c) => c.round !== t.round);
  if (earlier.length) lines.push('', '此前各轮 / earlier rounds:', ...earlier.map((c) => `  第 ${c.round} 轮  ${c.run.filename}  ${c.run.status}  ${c.run.verdict ?? '—'}  ${links.reports[c.run.id]!.pdf}`));
  if (links.form) lines.push('', `登记表 / form:       ${links.form}  sha256 ${t.formSha256}`);
  if (t.status === 'accepted' || t.status === 'confirmed') {
    lines.push(`移交单位确认 / agency:  ${t.agencyConfirmedBy ? `${t.agencyConfirmedBy} ${t.agencyConfirmedAt}` : '待确认 / pending'}`);
    lines.push(`接收单位确认 / archive: ${t.archiveConfirmedBy ? `${t.archiveConfirmedBy} ${t.archiveConfirmedAt}` : '待确认 / pending'}`);
  }
  return lines.join('\n');
}
