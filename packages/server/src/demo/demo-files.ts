import PDFDocument from 'pdfkit';
import jpeg from 'jpeg-js';
import { cjkFontObject } from '../platform/pdf/cjk-font.ts';

/** A one-page A4 PDF that looks like an official document: red header line, title, body. */
export function demoPdf(title: string, agency: string, docNumber: string, date: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margins: { top: 72, left: 80, right: 72, bottom: 72 }, info: { Title: title, Author: agency, Creator: 'Lantai demo' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
    const font = cjkFontObject();
    if (font) doc.font(font as never);
    const text = (s: string) => (font ? s : s.replace(/[^\x20-\x7e]/g, '?'));
    doc.fillColor('#c00000').fontSize(26).text(text(agency), { align: 'center' });
    doc.moveDown(0.3).fontSize(12).fillColor('black').text(text(docNumber), { align: 'center' });
    doc.moveTo(80, doc.y + 8).lineTo(523, doc.y + 8).lineWidth(2).strokeColor('#c00000').stroke();
    doc.moveDown(1.5).fontSize(18).text(text(title), { align: 'center' });
    doc.moveDown(1).fontSize(13).text(text('各有关单位：'));
    doc.moveDown(0.5).text(text(`现将${title.replace(/^关于/, '').replace(/的(通知|请示|报告|批复|函|意见|方案|纪要)$/, '')}有关事项通知如下，请认真贯彻执行。`), { indent: 26, lineGap: 6 });
    doc.moveDown(0.5).text(text('一、提高认识，加强组织领导。二、明确责任，抓好工作落实。三、及时总结，按时报送材料。'), { indent: 26, lineGap: 6 });
    doc.moveDown(3).text(text(agency), { align: 'right' });
    doc.text(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`, { align: 'right' });
    doc.end();
  });
}

/** A small JPEG "photo": a gradient with a seeded tint, standing in for a scanned or photographed page. */
export function demoJpeg(seed: number, width = 320, height = 240): Buffer {
  const data = Buffer.alloc(width * height * 4);
  const tint = [(seed * 53) % 200, (seed * 97) % 200, (seed * 31) % 200];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i] = Math.min(255, tint[0]! + (x * 55) / width);
      data[i + 1] = Math.min(255, tint[1]! + (y * 55) / height);
      data[i + 2] = Math.min(255, tint[2]! + ((x + y) * 30) / (width + height));
      data[i + 3] = 255;
    }
  }
  return jpeg.encode({ data, width, height }, 80).data;
}
