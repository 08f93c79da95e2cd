import PDFDocument from 'pdfkit';
import { cjkFontObject } from '../../platform/pdf/cjk-font.ts';
import { reportFont } from '../../platform/pdf/cjk-font.fast.ts';

export interface CertificateInfo {
  certificateNo: string; requestNumber: string; applicantName: string; idNoMasked: string; purpose: string; issuedAt: string; verifyCode: string;
  items: { archivalCode: string; title: string; pages: number }[];
}

/**
 * The delivered PDF: every page is a watermarked JPEG (the pixels carry the marks; there is no text or
 * image layer underneath to lift), sized at `dpi`. The mark id is also in the document's Subject and
 * Keywords. A certified copy (出证) starts with a numbered certificate page, and every page carries
 * "CZ-… 第 n 页 共 N 页" in its footer so loose pages can be matched to their certificate.
 */
export async function buildDeliveryPdf(pages: { jpeg: Buffer; width: number; height: number }[], o: { markId: string; title: string; dpi: number; certificate?: CertificateInfo }): Promise<Buffer> {
  const doc = new PDFDocument({ autoFirstPage: false, margin: 0, compress: true,
    info: { Title: o.title, Creator: '兰台 Lantai', Producer: '兰台 Lantai', Subject: `lantai-delivery-mark:${o.markId}`, Keywords: `lantai-delivery-mark:${o.markId}` } });
  const font = cjkFontObject();
  if (font) doc.font(reportFont(font) as never); // CJK + Latin text needs no shaping; a lean subset
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((res, rej) => { doc.on('end', () => res()); doc.on('error', rej); });
  const total = pages.length + (o.certificate ? 1 : 0);
  let n = 0;
  const footer = (w: number, h: number) => {
    if (!o.certificate) return;
    doc.page.margins.bottom = 0;
    doc.fontSize(8).fillColor('#555555').text(`${o.certificate.certificateNo}  第 ${++n} 页 共 ${total} 页`, 0, h - 18, { width: w - 20, align: 'right', lineBreak: false });
  };
  if (o.certificate) certificatePage(doc, o.certificate, total, () => footer(595.28, 841.89));
  for (const p of pages) {
    const w = (p.width * 72) / o.dpi;
    const h = (p.height * 72) / o.dpi;
    doc.addPage({ size: [w, h], margin: 0 });
    doc.image(p.jpeg, 0, 0, { width: w, height: h });
    footer(w, h);
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

function certificatePage(doc: PDFKit.PDFDocument, c: CertificateInfo, total: number, footer: () => void) {
  doc.addPage({ size: 'A4', margin: 60 });
  doc.fillColor('#000000').fontSize(22).text('档案利用证明', { align: 'center' });
  doc.moveDown(0.3).fontSize(10).fillColor('#444444').text('Certificate of archival copies', { align: 'center' });
  doc.moveDown(1.2).fillColor('#000000').fontSize(12);
  const line = (k: string, v: string) => doc.text(`${k}：${v}`, { lineGap: 4 });
  line('证明编号', c.certificateNo);
  line('申请编号', c.requestNumber);
  line('申请人', `${c.applicantName}（证件号码 ${c.idNoMasked}）`);
  line('利用目的', c.purpose);
  line('出具日期', c.issuedAt);
  doc.moveDown(0.8).fontSize(12).text('所附复制件：');
  doc.fontSize(10);
  c.items.forEach((it, i) => doc.text(`${i + 1}. ${it.archivalCode}　${it.title}（${it.pages} 页）`, { lineGap: 3 }));
  doc.moveDown(1).fontSize(11).text(`兹证明所附复制件共 ${total - 1} 页，系依据本馆所藏档案制作，与馆藏档案内容一致。每页均带有本证明编号与页码，缺页、换页无效。`, { lineGap: 4 });
  doc.moveDown(1).text(`核验码：${c.verifyCode}`);
  doc.moveDown(3).text('（档案馆利用专用章）', { align: 'right' });
  footer();
}
