import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { cjkFontObject } from '../../platform/pdf/cjk-font.ts';
import { createMemoryStorage } from '../../platform/storage/memory.storage.ts';
import type { Outcome, Property } from './checks/check.types.ts';
import { reportFont } from '../../platform/pdf/cjk-font.fast.ts';
import { storeReport, type IngestReport } from './report.ts';
import { renderReportPdf } from './report.pdf.ts';
import { PDF_ROWS, selectRows } from './report.rows.ts';
import type { ReportItem } from './runner.ts';

// The printed 四性检测 report: every item code with its result and evidence, every failing/warning row up to a
// bound (fails first, every code its share), passing per-file rows only counted; the JSON keeps every row.

let seq = 0;
const row = (code: string, outcome: Outcome, subject: string | null, zh: string, evidence: Record<string, unknown> = {}, property: Property = 'usability'): ReportItem =>
  ({ seq: ++seq, checkId: code.toLowerCase(), code, property, name: { zh: `检测项${code}`, en: `Item ${code}` }, outcome, subject, zh, en: zh, evidence });

function report(items: ReportItem[]): IngestReport {
  const counts = { pass: 0, fail: 0, warning: 0, skipped: 0 };
  for (const i of items) counts[i.outcome]++;
  return {
    format: 'lantai-ingest-report/1', software: 'Lantai test', standard: 'DA/T 70-2018', runId: 'run-1', stage: 'GD', filename: '移交载体.zip', packageSha256: 'ab'.repeat(32),
    configVersion: 3, fonds: 'B001', category: 'WS', startedAt: '2026-11-26T04:00:00.000Z', createdBy: '张三', finishedAt: '2026-11-26T04:00:09.000Z',
    verdict: counts.fail ? 'fail' : counts.warning ? 'warning' : 'pass', counts,
    package: { layout: 'folder', records: 0, files: items.length, contentFiles: items.length, contentBytes: 1234, declared: {}, info: {} },
    items,
  };
}

const text = async (r: IngestReport) => {
  const pdf = await renderReportPdf(r, 'cd'.repeat(32), 'ef'.repeat(32));
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', ['-'], { input: pdf }).toString())![1]);
  return { pages, all: execFileSync('pdftotext', ['-q', '-', '-'], { input: pdf }).toString('utf8').replace(/\s+/g, '') };
};

describe('the printed report', () => {
  it('prints a failing row that comes after 450 passing per-file rows; the passing rows are counted, not listed', { timeout: 30_000 }, async () => {
    const items = [
      row('GD-1-1', 'pass', null, '固化信息有效性：通过', { tool: 'Lantai SM3', files: 451 }, 'authenticity'),
      ...Array.from({ length: 450 }, (_, i) => row('GD-3-3', 'pass', `objects/ok/f${i}.pdf`, '可以打开')),
      row('GD-3-3', 'fail', 'objects/bad/坏文件.pdf', '文件无法打开：损坏的交叉引用表', { code: 'pdf.broken', xref: 'missing' }),
      row('GD-4-1', 'skipped', null, '本项已在检测方案中关闭', {}, 'safety'),
    ];
    const { all } = await text(report(items));
    for (const s of ['GD-1-1', 'GD-3-3', 'GD-4-1', '固化信息有效性：通过', 'LantaiSM3', '本项已在检测方案中关闭', 'objects/bad/坏文件.pdf', '文件无法打开：损坏的交叉引用表', 'pdf.broken', '条目：通过450·不通过1', '不通过FAIL'])
      expect(all, s).toContain(s.replace(/\s+/g, ''));
    expect(all).not.toContain('objects/ok/f449.pdf');
    expect(all).not.toContain('objects/ok/f0.pdf');
  });

  it('bounds the failing/warning rows, fails first and every code its share; the rest are counted per code', { timeout: 60_000 }, async () => {
    const items = [
      row('GD-2-1', 'warning', null, '格式检测：共 1200 个文件，警告 1200'),
      ...Array.from({ length: 600 }, (_, i) => row('GD-2-1', 'warning', `objects/w/a${i}.txt`, '非归档格式 text/plain', { code: 'format.not_archival', mime: 'text/plain' })),
      ...Array.from({ length: 600 }, (_, i) => row('GD-2-2', 'warning', `objects/w/b${i}.txt`, '元数据缺少题名')),
      row('GD-2-2', 'fail', 'objects/f/最后的失败.txt', '必填元数据缺失：责任者'),
      row('GD-3-1', 'fail', 'objects/f/x.ofd', 'OFD 无法解析'),
    ];
    const sel = selectRows(items);
    expect(sel.details).toHaveLength(PDF_ROWS);
    expect(sel.details.slice(0, 3).map((r) => r.subject)).toEqual(['objects/f/最后的失败.txt', 'objects/f/x.ofd', 'objects/w/a0.txt']); // fails printed first
    const per = (c: string) => sel.details.filter((r) => r.code === c).length;
    expect([per('GD-2-1'), per('GD-2-2')]).toEqual([200, 199]);
    expect(sel.omitted).toEqual([['GD-2-1', { fail: 0, warning: 400 }], ['GD-2-2', { fail: 0, warning: 402 }]]);
    expect(sel.items.map((i) => [i.code, i.outcome, i.rows.length])).toEqual([['GD-2-1', 'warning', 1], ['GD-2-2', 'fail', 0], ['GD-3-1', 'fail', 0]]);

    const { all, pages } = await text(report(items));
    for (const s of ['objects/f/最后的失败.txt', '必填元数据缺失：责任者', 'objects/f/x.ofd', 'GD-2-1：不通过0·警告400', 'GD-2-2：不通过0·警告402', '列出400/1202条']) expect(all, s).toContain(s);
    expect(all).toContain('objects/w/a0.txt');
    expect(all).not.toContain('objects/w/a599.txt');
    expect(pages).toBeLessThan(40);
  });

  it('cuts long evidence and long words to their lines instead of failing or overflowing', { timeout: 30_000 }, async () => {
    const long = 'x'.repeat(5000);
    const { all } = await text(report([row('GD-1-2', 'fail', `objects/${'深'.repeat(300)}.pdf`, `很长的消息${'长'.repeat(3000)}`, { error: long, stack: long })]));
    expect(all).toContain('GD-1-2');
    expect(all).toContain('…');
    expect(all.length).toBeLessThan(4000);
  });

  it('stores the JSON with every row (its digests on the run) and the PDF', { timeout: 30_000 }, async () => {
    const storage = createMemoryStorage();
    const r = report([row('GD-1-1', 'pass', null, '通过'), ...Array.from({ length: 700 }, (_, i) => row('GD-3-3', 'pass', `f${i}`, '可以打开'))]);
    const s = await storeReport(storage, '/nonexistent', r);
    const json = Buffer.from(JSON.stringify(r, null, 1), 'utf8');
    expect(s.sha256).toBe(createHash('sha256').update(json).digest('hex'));
    expect(s.sm3).toBe(createHash('sm3').update(json).digest('hex'));
    expect(JSON.parse(json.toString()).items).toHaveLength(701);
    expect((await storage.head(s.pdfSha256))?.size).toBeGreaterThan(1000);
  });
});

describe('the report font', () => {
  const font = cjkFontObject();
  it.skipIf(!font)('its desubroutinized subset draws the same pixels as fontkit\'s own subset', { timeout: 60_000 }, async () => {
    const fast = reportFont(font!);
    const own = new Proxy(fast, { get: (t, k) => (k === 'createSubset' ? () => font!.createSubset() : Reflect.get(t, k)) });
    // ASCII, CJK punctuation and 600 ideographs spread over the block (both big font dicts of Noto CJK).
    const chars = [...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)), ...'，。：；、（）【】《》“”…—·', ...Array.from({ length: 600 }, (_, i) => String.fromCodePoint(0x4e00 + i * 34))];
    const draw = (f: unknown) => new Promise<Buffer>((res) => {
      const doc = new PDFDocument({ size: 'A4', margin: 36 });
      const parts: Buffer[] = [];
      doc.on('data', (b: Buffer) => parts.push(b)).on('end', () => res(Buffer.concat(parts)));
      doc.font(f as never).fontSize(14);
      for (let i = 0; i < chars.length; i += 34) doc.text(chars.slice(i, i + 34).join(''), 36, 36 + (i / 34) * 19, { lineBreak: false });
      doc.end();
    });
    const [a, b] = await Promise.all([draw(fast), draw(own)]);
    expect(a.length).toBeLessThan(b.length); // no subroutine stubs
    const png = (pdf: Buffer) => execFileSync('pdftoppm', ['-gray', '-r', '110', '-f', '1', '-l', '1', '-'], { input: pdf, maxBuffer: 64 << 20 });
    const [pa, pb] = [png(a), png(b)];
    expect(pa.length).toBeGreaterThan(100_000);
    expect(pa.equals(pb)).toBe(true);
    expect(execFileSync('pdftotext', ['-q', '-', '-'], { input: a }).toString('utf8').replace(/\s+/g, '')).toContain(chars.slice(95 + 17, 95 + 17 + 30).join(''));
  });
});
