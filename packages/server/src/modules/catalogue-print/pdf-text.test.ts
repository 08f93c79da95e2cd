import { beforeAll, describe, expect, it } from 'vitest';
import { missingGlyphs, SERIF } from './fonts.ts';
import { textWidth, wrapText, type Face } from './pdf-text.ts';
import { newDoc } from './print.stream.ts';

let doc: PDFKit.PDFDocument;
const F: Face = { font: SERIF, size: 10 };
beforeAll(async () => {
  doc = await newDoc('test');
});

describe('CJK line breaking', () => {
  it('breaks between ideographs, keeps every character, and never exceeds the width', () => {
    const text = '关于印发《山西省档案事业发展“十四五”规划》的通知，请认真贯彻执行。'.repeat(7);
    const lines = wrapText(doc, text, 120, F);
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.join('')).toBe(text);
    for (const l of lines) expect(textWidth(doc, l, F)).toBeLessThanOrEqual(120);
  });

  it('applies 禁则: no line starts with a closing mark or ends with an opening one', () => {
    for (let w = 60; w < 200; w += 7) {
      const lines = wrapText(doc, '各科室：现将《关于进一步加强档案工作的意见》（晋档发〔2021〕3号）印发给你们，请遵照执行。', w, F);
      for (const l of lines.slice(1)) expect('，。、；：？！）》」』】〕').not.toContain(l[0]);
      for (const l of lines.slice(0, -1)) expect('（《「『【〔').not.toContain(l[l.length - 1]);
    }
  });

  it('keeps Latin words and numbers whole where it can, splits a word wider than the line', () => {
    const words = 'annual report 2021 of the archive'.split(' ');
    const lines0 = wrapText(doc, words.join(' '), 70, F);
    expect(lines0.length).toBeGreaterThan(1);
    expect(lines0.flatMap((l) => l.split(' '))).toEqual(words);
    const code = 'Z109-WS·2011-Y-BGS-0001';
    const lines = wrapText(doc, code, 60, F);
    expect(lines.join('')).toBe(code);
    expect(lines[0]?.endsWith('-')).toBe(true);
    expect(wrapText(doc, 'x'.repeat(80), 50, F).join('')).toBe('x'.repeat(80));
  });

  it('keeps line breaks in the text', () => {
    expect(wrapText(doc, '第一行\n第二行', 500, F)).toEqual(['第一行', '第二行']);
  });

  it('has a glyph for every character of the printed forms (no tofu)', async () => {
    expect(await missingGlyphs('归档文件目录序号档号文号责任者题名日期密级页数备注永久定期年公开内部秘密机密绝密盒脊备考表卷内整理人检查人〔〕《》（）·—')).toEqual([]);
  });
});
