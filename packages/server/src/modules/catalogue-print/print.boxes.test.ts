import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { buildFonds, wsRecord } from '../../../test/catalogue-factory.ts';
import { keepForLooking, pdfPages } from '../../../test/pdf.ts';

let t: TestApp;
let arch: Awaited<ReturnType<typeof signedIn>>;
let ws: Awaited<ReturnType<typeof buildFonds>>;
const flat = (s: string) => s.replace(/\s+/g, '');
const create = (payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/api/records', headers: arch.headers, payload }).then((r) => {
    if (r.statusCode !== 200) throw new Error(r.body);
    return r.json();
  });
const get = async (url: string, name?: string) => {
  const res = await t.app.inject({ url, headers: arch.headers });
  expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  if (name) keepForLooking(name, res.rawPayload);
  return { res, pages: await pdfPages(res.rawPayload) };
};
const cls = () => `categoryId=${ws.categoryId}&year=2021&retention=D30&orgCode=BGS`;

beforeAll(async () => {
  t = await buildTestApp();
  arch = await signedIn(t, ['archivist']);
  ws = await buildFonds(t.app, arch.headers);
  for (let i = 0; i < 25; i++) await create(wsRecord(ws.categoryId, { retention: 'D30', pages: i + 1 }));
}, 60_000);
afterAll(async () => t?.close());

describe('盒脊', () => {
  it('splits 25 件 into boxes of 10 (0001–0010, 0011–0020, 0021–0025) with 全宗号, 年度, 保管期限, 机构 and 盒号', async () => {
    const { res, pages } = await get(`/api/print/box-spines?${cls()}&perBox=10&spineWidth=30`, 'box-spines-30mm');
    expect(decodeURIComponent(String(res.headers['content-disposition']).split("UTF-8''")[1] ?? '')).toBe(`盒脊-${ws.fondsCode}-WS·2021-定期30年-BGS.pdf`);
    expect(pages).toHaveLength(1);
    const text = flat(pages[0] as string);
    expect([...text.matchAll(/(\d{4})至(\d{4})/g)].map((m) => `${m[1]}–${m[2]}`)).toEqual(['0001–0010', '0011–0020', '0021–0025']);
    expect([...text.matchAll(/盒号(\d+)/g)].map((m) => m[1])).toEqual(['1', '2', '3']);
    for (const s of ['全宗号', ws.fondsCode, '年度2021', '保管期限定期30年', '机构(问题)办公室', '起止件号', `测试全宗${ws.fondsCode}`]) {
      expect(text.split(s).length - 1, s).toBeGreaterThanOrEqual(3);
    }
  });

  it('puts as many labels on a page as the spine width allows, and numbers boxes from startBox', async () => {
    const narrow = await get(`/api/print/box-spines?${cls()}&perBox=2&spineWidth=20`, 'box-spines-20mm');
    expect(narrow.pages).toHaveLength(2); // 13 boxes, 9 to a page
    const wide = await get(`/api/print/box-spines?${cls()}&perBox=5&spineWidth=50&startBox=7`, 'box-spines-50mm');
    expect(wide.pages).toHaveLength(2); // 5 boxes, 3 to a page
    expect([...flat(wide.pages.join(' ')).matchAll(/盒号(\d+)/g)].map((m) => m[1])).toEqual(['7', '8', '9', '10', '11']);
  });

  it('sets the 全宗名称 as true vertical text (Identity-V, WMode 1): pdftotext reads each column as one line', async () => {
    const { res } = await get(`/api/print/box-spines?${cls()}&perBox=10&spineWidth=30`);
    const raw = res.rawPayload.toString('latin1');
    expect(raw).toMatch(/\/Encoding \/Identity-V/);
    expect(raw).toMatch(/\/Encoding \/Identity-H/); // the rest of the label stays horizontal
    const lines = execFileSync('pdftotext', ['-q', '-', '-'], { input: res.rawPayload }).toString('utf8').split('\n').map(flat).filter(Boolean);
    expect(lines.filter((l) => l === `测试全宗${ws.fondsCode}`)).toHaveLength(3);
    expect(lines).not.toContain('测'); // stacked characters gave one line per character
  });

  it('refuses a width no box has', async () => {
    const res = await t.app.inject({ url: `/api/print/box-spines?${cls()}&spineWidth=5`, headers: arch.headers });
    expect(res.statusCode).toBe(400);
  });
});

describe('备考表', () => {
  it('prints one sheet per box with the count, pages and 件号 of that box, and who arranged and checked it', async () => {
    const { pages } = await get(`/api/print/reference-sheet?${cls()}&perBox=10&arranger=${encodeURIComponent('张三')}&checker=${encodeURIComponent('李四')}&date=20240305`, 'reference-sheet');
    expect(pages).toHaveLength(3);
    const sums = [55, 155, 115]; // pages 1..10, 11..20, 21..25
    pages.forEach((p, i) => {
      const text = flat(p);
      for (const s of ['备考表', '盒内文件情况说明', '整理人：张三', '检查人：李四', '日期：2024年3月5日', `盒号：${i + 1}`]) expect(text, s).toContain(s);
      expect(text).toContain(`本盒共有文件${i < 2 ? 10 : 5}件，共${sums[i]}页`);
    });
    expect(flat(pages[2] as string)).toContain('件号0021—0025');
  });

  it('leaves 整理人, 检查人 and 日期 blank to fill in by hand', async () => {
    const { pages } = await get(`/api/print/reference-sheet?${cls()}&perBox=30`);
    expect(pages).toHaveLength(1);
    expect(flat(pages[0] as string)).toMatch(/整理人：检查人：日期：年月日/);
  });
});

describe('卷内目录', () => {
  it('lists the 件 of a 卷 in order with 页号, then its 卷内备考表', async () => {
    const kj = await buildFonds(t.app, arch.headers, 'KJ');
    const base = { categoryId: kj.categoryId, responsible: '财务科', year: 2021, retention: 'D30', docDate: '20210131' };
    const vol = await create({ ...base, title: '2021年1月记账凭证' });
    expect(vol.kind).toBe('volume');
    const titles = ['记账凭证第1—50号', '记账凭证第51—100号', '记账凭证第101—130号及所附原始凭证'];
    for (const [i, title] of titles.entries()) await create({ ...base, parentId: vol.id, title, docNumber: `凭${i + 1}`, pages: [50, 40, 9][i] });
    const { pages } = await get(`/api/print/volume/${vol.id}?arranger=${encodeURIComponent('王五')}`, 'volume-list');
    expect(pages).toHaveLength(2);
    const list = flat(pages[0] as string);
    expect(list).toContain('卷内目录');
    expect(list).toContain(`档号：${vol.archivalCode}`);
    expect(list).toContain('序号文号责任者题名日期页号备注');
    expect(list).toContain(`1凭1财务科${titles[0]}202101311`);
    expect(list).toContain(`2凭2财务科${titles[1]}2021013151`);
    expect(list).toContain(`3凭3财务科${titles[2]}2021013191—99`);
    expect(list).toContain('第1页共1页');
    const sheet = flat(pages[1] as string);
    for (const s of ['卷内备考表', '本卷情况说明', '本卷共有文件材料3件，共99页', '立卷人：王五', '检查人：', '立卷时间：']) expect(sheet, s).toContain(s);

    const cat = await get(`/api/print/catalogue?categoryId=${kj.categoryId}&year=2021&retention=D30`);
    expect(flat(cat.pages[1] as string)).toContain('案卷目录');
    expect(flat(cat.pages[1] as string)).toContain(vol.archivalCode);
  });

  it('refuses a record that is not a 卷, and a 卷 the actor may not see', async () => {
    const item = (await t.app.inject({ url: `/api/records?categoryId=${ws.categoryId}&limit=1`, headers: arch.headers })).json().items[0];
    expect((await t.app.inject({ url: `/api/print/volume/${item.id}`, headers: arch.headers })).statusCode).toBe(400);
    const outsider = await signedIn(t, ['records_officer'], { fondsScope: ['ZZZZ'] });
    expect((await t.app.inject({ url: `/api/print/volume/${item.id}`, headers: outsider.headers })).statusCode).toBe(404);
  });
});
