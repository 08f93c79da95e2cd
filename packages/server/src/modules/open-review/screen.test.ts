import { describe, expect, it } from 'vitest';
import { isValidIdCard, screenRecord, screenText } from './screen.ts';

const terms = [{ term: '劳教', category: 'political' }, { term: '涉密', category: 'state_secret' }, { term: 'HIV', category: 'personal' }];

describe('open-review pre-screen', () => {
  it('accepts ID card numbers only with a valid GB 11643 check digit and birth date', () => {
    expect(isValidIdCard('11010519491231002X')).toBe(true);
    expect(isValidIdCard('11010519491231002x')).toBe(true);
    expect(isValidIdCard('110105194912310021')).toBe(false); // wrong check digit
    expect(isValidIdCard('110105194902300024')).toBe(false); // 30 February
    expect(isValidIdCard('11010519491231002')).toBe(false);
  });

  it('finds ID numbers with positions, and not numbers that fail the checksum or run longer', () => {
    const text = '申请人身份证11010519491231002X，另110105194912310021无效，1101051949123100290也不是';
    const hits = screenText('title', text, []);
    expect(hits.filter((h) => h.kind === 'id_card')).toEqual([{ kind: 'id_card', field: 'title', start: 6, end: 24, text: '11010519491231002X' }]);
    expect(text.slice(6, 24)).toBe('11010519491231002X');
  });

  it('finds mobile and landline numbers but not the digits inside an ID number', () => {
    const hits = screenText('remarks', '联系电话13912345678或0351-4041234，(010)87654321转；身份证11010519491231002X', []);
    expect(hits.map((h) => [h.kind, h.text])).toEqual([
      ['mobile', '13912345678'], ['landline', '0351-4041234'], ['landline', '(010)87654321'], ['id_card', '11010519491231002X'],
    ]);
    expect(screenText('t', '档号0001-WS-2021-Y-BGS-0001 共12345678页', []).filter((h) => h.kind !== 'term')).toEqual([]);
  });

  it('finds managed terms case-insensitively with their category, and names near them', () => {
    const hits = screenText('title', '关于张建国同志劳教问题的复查意见（hiv检测）', terms);
    expect(hits).toContainEqual({ kind: 'term', field: 'title', start: 7, end: 9, text: '劳教', category: 'political' });
    expect(hits).toContainEqual({ kind: 'term', field: 'title', start: 17, end: 20, text: 'hiv', category: 'personal' });
    expect(hits.some((h) => h.kind === 'name_near_term' && h.text.includes('张建国'))).toBe(true);
    // No term, no name hits: names alone are not personal data worth flagging.
    expect(screenText('title', '关于张建国同志任职的通知', terms)).toEqual([]);
  });

  it('screens every publishable field of a record', () => {
    const hits = screenRecord({ title: '涉密文件清退', remarks: '经办人手机13800138000', subjects: ['人事', '劳教'], responsible: '办公室' }, terms);
    expect(hits.map((h) => `${h.field}:${h.kind}:${h.text}`)).toEqual(['title:term:涉密', 'subjects:term:劳教', 'remarks:mobile:13800138000']);
  });
});
