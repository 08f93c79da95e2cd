import { describe, expect, it } from 'vitest';
import { codePattern, itemInVolumeCode, renderCode, renderPrefix } from './archival-code.ts';
import { KJ_TEMPLATE, WS_TEMPLATE } from './templates.ts';

const v = { fonds: 'Z109', category: 'WS', year: 2011, retention: 'Y', org: 'BGS', catalogueNo: '' };

describe('档号 rule engine', () => {
  it('renders the DA/T 22 example Z109-WS·2011-Y-BGS-0001', () => {
    const { prefix, missing } = renderPrefix(WS_TEMPLATE.codeRule, v);
    expect(missing).toEqual([]);
    expect(prefix).toBe('Z109-WS·2011-Y-BGS');
    expect(renderCode(WS_TEMPLATE.codeRule, prefix, 1)).toBe('Z109-WS·2011-Y-BGS-0001');
    expect(renderCode(WS_TEMPLATE.codeRule, prefix, 12345)).toBe('Z109-WS·2011-Y-BGS-12345');
  });

  it('leaves out an optional 机构 with its connector, and reports a missing required element', () => {
    expect(renderPrefix(WS_TEMPLATE.codeRule, { ...v, org: '' }).prefix).toBe('Z109-WS·2011-Y');
    expect(renderPrefix(WS_TEMPLATE.codeRule, { ...v, retention: '' }).missing).toEqual(['retention']);
  });

  it('numbers 卷 and 件 inside a 卷', () => {
    const { prefix } = renderPrefix(KJ_TEMPLATE.codeRule, { ...v, category: 'KJ', retention: 'D30', org: '' });
    const vol = renderCode(KJ_TEMPLATE.codeRule, prefix, 7);
    expect(vol).toBe('Z109-KJ-2011-D30-007');
    expect(itemInVolumeCode(vol, 3)).toBe('Z109-KJ-2011-D30-007-0003');
  });

  it('matches its own output and rejects malformed codes', () => {
    const re = codePattern(WS_TEMPLATE.codeRule, WS_TEMPLATE);
    expect(re.test('Z109-WS·2011-Y-BGS-0001')).toBe(true);
    expect(re.test('Z109-WS·2011-Y-0001')).toBe(true);
    expect(re.test('Z109-WS-2011-Y-BGS-0001')).toBe(false); // '-' where '·' belongs
    expect(re.test('Z10-WS·2011-Y-BGS-0001')).toBe(false);
    expect(re.test('Z109-WS·2011-X-BGS-0001')).toBe(false);
    expect(re.test('Z109-WS·2011-Y-BGS-001')).toBe(false);
  });
});
