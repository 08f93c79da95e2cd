import PDFDocument from 'pdfkit';
import type { TransferDetail } from '@lantai/api';
import type { Conn } from '../../platform/db/database.ts';
import { cjkFontObject } from '../../platform/pdf/cjk-font.ts';
import { reportFont } from '../../platform/pdf/cjk-font.fast.ts';
import { VERSION } from '../../version.ts';
import { findTransfer, presentTransfer, summarize, transferChecks } from './transfer.repository.ts';

export interface Confirmation { by: string; at: string; signature: string }
export interface FormData {
  t: ReturnType<typeof presentTransfer>;
  packages: { filename: string; size: number; sha256: string; sm3: string; runId: string; verdict: string | null; reportSha256: string | null }[];
  summary: TransferDetail['summary'];
  accepted: { by: string; at: string } | null;
  agency: Confirmation | null;
  archive: Confirmation | null;
}

/** What the 登记表 and the receipt state: the transfer, the packages of the checked round with their runs, the check summary. */
export async function formData(db: Conn, id: string): Promise<FormData> {
  const r = await findTransfer(db, id);
  const checks = await transferChecks(db, id);
  const pkgs = await db.selectFrom('transfer_runs').innerJoin('transfer_packages', 'transfer_packages.id', 'transfer_runs.package_id').innerJoin('ingest_runs', 'ingest_runs.id', 'transfer_runs.run_id')
    .select(['transfer_packages.filename', 'transfer_packages.size', 'transfer_packages.sha256', 'transfer_packages.sm3', 'ingest_runs.id as run_id', 'ingest_runs.verdict', 'ingest_runs.report_sha256'])
    .where('transfer_runs.transfer_id', '=', id).where('transfer_runs.round', '=', r.round).orderBy('transfer_packages.added_at').execute();
  const side = (by: string | null, at: Date | null, sig: string | null) => (by && at && sig ? { by, at: at.toISOString(), signature: sig } : null);
  return {
    t: presentTransfer(r), summary: await summarize(db, r, checks),
    packages: pkgs.map((p) => ({ filename: p.filename, size: Number(p.size), sha256: p.sha256, sm3: p.sm3, runId: p.run_id, verdict: p.verdict, reportSha256: p.report_sha256 })),
    accepted: r.decided_by && r.decided_at && ['accepting', 'accepted', 'confirmed'].includes(r.status) ? { by: r.decided_by, at: r.decided_at.toISOString() } : null,
    agency: side(r.agency_confirmed_by, r.agency_confirmed_at, r.agency_signature),
    archive: side(r.archive_confirmed_by, r.archive_confirmed_at, r.archive_signature),
  };
}

const PROPERTY: Record<string, string> = { authenticity: '真实性（准确性）检验', integrity: '完整性检验', usability: '可用性检验', safety: '安全性检验' };
const VERDICT: Record<string, string> = { pass: '通过', warning: '通过（有警告）', fail: '不通过' };
const gb = (n: number) => (n / 1024 ** 3).toFixed(3);

/** The 电子档案移交与接收登记表 (档发〔2012〕7号 附件3 fields, with a 数字摘要 annex) as PDF bytes. */
export async function renderForm(d: FormData): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: `电子档案移交与接收登记表 ${d.t.number}`, Creator: '兰台 Lantai', Producer: `Lantai ${VERSION}`, CreationDate: new Date(d.archive?.at ?? d.agency?.at ?? d.accepted?.at ?? 0) } });
  const parts: Buffer[] = [];
  doc.on('data', (c: Buffer) => parts.push(c));
  const ended = new Promise<void>((res) => doc.on('end', () => res()));
  const font = cjkFontObject();
  if (font) doc.font(reportFont(font) as never); // CJK + Latin text needs no shaping; a lean subset
  const t = d.t, s = d.summary;
  doc.fontSize(18).text('电子档案移交与接收登记表', { align: 'center' }).moveDown(0.2);
  doc.fontSize(9).text(`Electronic records transfer and acceptance form · 移交单号 ${t.number}`, { align: 'center' }).moveDown(0.8);
  const row = (k: string, v: string) => doc.fontSize(10).text(`${k}：${v}`).moveDown(0.15);
  const head = (h: string) => { doc.moveDown(0.4).fontSize(12).text(h); doc.moveTo(48, doc.y + 2).lineTo(547, doc.y + 2).lineWidth(0.5).stroke().moveDown(0.4); };
  head('一、交接概况');
  row('交接工作名称', t.title);
  if (t.description) row('内容描述', t.description);
  row('移交单位', t.transferringUnit);
  row('接收单位', t.receivingUnit);
  row('全宗', `${t.fondsCode} ${t.fondsName}`);
  row('门类', `${t.categoryCode} ${t.categoryName}`);
  row('年度', t.yearFrom === t.yearTo ? String(t.yearFrom) : `${t.yearFrom}—${t.yearTo}`);
  row('移交载体类型规格', '在线（网络移交）');
  head('二、移交电子档案数量与数据量');
  row('件数（登记 / 实收）', `${t.declaredRecords} / ${s.received.records}`);
  row('文件数（登记 / 实收）', `${t.declaredFiles} / ${s.received.files}`);
  row('数据量（登记 / 实收）', `${gb(t.declaredBytes)} GB / ${gb(s.received.bytes)} GB（${t.declaredBytes} / ${s.received.bytes} 字节）`);
  row('信息包', `${d.packages.length} 个，共 ${d.packages.reduce((a, p) => a + p.size, 0)} 字节`);
  head('三、检验内容（DA/T 70-2018 移交与接收环节 YJ）');
  for (const [p, c] of Object.entries(s.byProperty)) row(PROPERTY[p] ?? p, `通过 ${c.pass} · 不通过 ${c.fail} · 警告 ${c.warning} · 不适用 ${c.skipped}`);
  row('载体外观检验', '不适用（在线移交）');
  row('数据总量相符（YJ 2-1）', s.totalsMatch === null ? '—' : s.totalsMatch ? '相符' : '不符');
  row('检验结论', s.verdict ? VERDICT[s.verdict]! : '—');
  head('四、移交与接收确认');
  row('移交单位 填表人', `${t.createdBy}（${t.createdAt.slice(0, 10)}）`);
  row('接收单位 审核人（接收）', d.accepted ? `${d.accepted.by}（${d.accepted.at}）` : '—');
  for (const [label, c] of [['移交单位 确认', d.agency], ['接收单位 确认', d.archive]] as const) {
    row(label, c ? `${c.by}  ${c.at}` : '待确认 / pending');
    if (c) doc.fontSize(7.5).text(`签名 HMAC-SM3：${c.signature}`, { indent: 12 }).moveDown(0.15);
  }
  head('附：电子档案数字摘要');
  d.packages.forEach((p, i) => {
    doc.fontSize(10).text(`${i + 1}. ${p.filename}  ${p.size} 字节（${gb(p.size)} GB）  检测结论：${p.verdict ? VERDICT[p.verdict] : '—'}`);
    doc.fontSize(7.5).text(`SHA-256：${p.sha256}`, { indent: 12 }).text(`SM3：${p.sm3}`, { indent: 12 });
    if (p.reportSha256) doc.text(`检测报告 SHA-256：${p.reportSha256}`, { indent: 12 });
    doc.moveDown(0.3);
  });
  doc.moveDown(0.5).fontSize(7.5).fillColor('#555555').text(`本表由兰台 Lantai ${VERSION} 生成；每次确认生成新版本，旧版本保留。`);
  doc.end();
  await ended;
  return Buffer.concat(parts);
}
