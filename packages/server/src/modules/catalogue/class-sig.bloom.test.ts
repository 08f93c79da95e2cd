import { describe, expect, it } from 'vitest';
import { buildBloom, mayHoldAll, piecesOf, queryPieces } from './class-sig.bloom.ts';

// The class signature must never rule out a class that holds a match: whatever a field contains, the pieces of that
// substring are pieces of the field, and a Bloom filter of the field's pieces holds them all.
const FIELDS = [
  '关于开展安全生产大检查的通知（777777）', '晋政办发〔2011〕12号', 'Z109-WS·2015-Y-BGS-0001', '關於加強檔案數字化工作的報告',
  '年度工作总结 Annual Report 2021', 'ｆｕｌｌ宽字符', 'café2021号', 'Ωmega组', `长编号${'1234567890'.repeat(7)}的文件`, '𠀀𠀁 生僻字', 'No.12a',
];
function substrings(s: string, max = 12) {
  const cps = [...s];
  const out = new Set<string>();
  for (let i = 0; i < cps.length; i++) for (let n = 1; n <= max && i + n <= cps.length; n++) out.add(cps.slice(i, i + n).join(''));
  return [...out];
}

describe('class signature pieces and filter', () => {
  it('cuts q into what every field containing it holds', () => {
    expect(queryPieces('安全生产')).toEqual(['安全', '全生', '生产']);
    expect(queryPieces('2015')).toEqual(['2015']);
    expect(queryPieces('煤')).toEqual(['煤']);
    expect(queryPieces('關於')).toEqual(['关于']); // 繁→简, as the field is normalized
    expect(queryPieces('〔2011〕12号')).toEqual(['2011', '12', '号']);
    expect(queryPieces('1234567890')).toEqual(['12345678', '23456789', '34567890']); // windows of a long run
    expect(queryPieces('〔·〕 ')).toEqual([]);
  });

  it('finds every piece of every substring of a field in the field\'s pieces and in its filter', () => {
    const missing: string[] = [];
    for (const f of FIELDS) {
      const pieces = piecesOf(f, new Set());
      const bloom = buildBloom(pieces, pieces.size);
      for (const q of substrings(f)) {
        const qp = queryPieces(q);
        if (!qp.every((p) => pieces.has(p)) || !mayHoldAll(bloom, qp)) missing.push(`${f} ⊃ ${q}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('rules out what a class does not hold, about one piece in a hundred passing by chance', () => {
    const pieces = new Set<string>();
    for (let i = 0; i < 2000; i++) piecesOf(`Z109-WS·2011-Y-BGS-${String(i).padStart(4, '0')} 关于第${i}次会议的纪要`, pieces);
    const bloom = buildBloom(pieces, pieces.size);
    expect(bloom.nbits).toBeGreaterThanOrEqual(pieces.size * 10);
    for (const p of pieces) expect(mayHoldAll(bloom, [p])).toBe(true);
    expect(mayHoldAll(bloom, queryPieces('2015'))).toBe(false);
    let passed = 0;
    for (let i = 0; i < 10_000; i++) if (mayHoldAll(bloom, [`x${i}y`])) passed++;
    expect(passed).toBeLessThan(300);
  });
});
