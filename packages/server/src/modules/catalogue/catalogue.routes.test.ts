import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { buildFonds, wsRecord } from '../../../test/catalogue-factory.ts';

let t: TestApp;
let arch: Awaited<ReturnType<typeof signedIn>>;
beforeAll(async () => {
  t = await buildTestApp();
  arch = await signedIn(t, ['archivist'], { clearance: 'jimi' });
});
afterAll(async () => { await t.close(); });

const post = (url: string, payload: unknown, headers = arch.headers) => t.app.inject({ method: 'POST', url, headers, payload: payload as object });

describe('件 numbering', () => {
  it('numbers consecutively per lowest class with the DA/T 22 档号 shape', async () => {
    const { categoryId, fondsCode } = await buildFonds(t.app, arch.headers);
    const a = await post('/api/records', wsRecord(categoryId));
    const b = await post('/api/records', wsRecord(categoryId));
    const other = await post('/api/records', wsRecord(categoryId, { retention: 'D30' }));
    expect(a.json().archivalCode).toBe(`${fondsCode}-WS·2021-Y-BGS-0001`);
    expect(b.json().archivalCode).toBe(`${fondsCode}-WS·2021-Y-BGS-0002`);
    expect(other.json().archivalCode).toBe(`${fondsCode}-WS·2021-D30-BGS-0001`);
  });

  it('gives 30 concurrent creates in one class 30 distinct consecutive numbers', async () => {
    const { categoryId } = await buildFonds(t.app, arch.headers);
    const res = await Promise.all(Array.from({ length: 30 }, () => post('/api/records', wsRecord(categoryId))));
    expect(res.every((r) => r.statusCode === 200)).toBe(true);
    const nos = res.map((r) => r.json().seqNo as number).sort((x, y) => x - y);
    expect(nos).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('leaves no gap after a failed create, and refuses bad input with row-level issues', async () => {
    const { categoryId } = await buildFonds(t.app, arch.headers);
    await post('/api/records', wsRecord(categoryId));
    const bad = await post('/api/records', wsRecord(categoryId, { docDate: '20200315', orgCode: 'XXX' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('record_invalid');
    const paths = bad.json().issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['docDate', 'orgCode']));
    const badDate = await post('/api/records', wsRecord(categoryId, { docDate: '20210230' }));
    expect(badDate.json().issues[0].message).toContain('不是有效日期');
    const scopeMismatch = await post('/api/records', wsRecord(categoryId, { scopeCode: '2.4' }));
    expect(scopeMismatch.json().issues[0].path).toBe('retention');
    const next = await post('/api/records', wsRecord(categoryId));
    expect(next.json().seqNo).toBe(2);
  });
});

describe('editing and fixing', () => {
  it('refuses a stale version with 409 and keeps history of every change', async () => {
    const { categoryId } = await buildFonds(t.app, arch.headers);
    const r = (await post('/api/records', wsRecord(categoryId))).json();
    const ok = await t.app.inject({ method: 'PATCH', url: `/api/records/${r.id}`, headers: arch.headers, payload: { version: r.version, title: '新题名' } });
    expect(ok.statusCode).toBe(200);
    const stale = await t.app.inject({ method: 'PATCH', url: `/api/records/${r.id}`, headers: arch.headers, payload: { version: r.version, title: '另一个题名' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('stale_version');
    const h = await t.app.inject({ url: `/api/records/${r.id}/history`, headers: arch.headers });
    expect(h.json().items.map((v: { action: string }) => v.action)).toEqual(['create', 'update']);
    expect(h.json().items[1].data.title).toBe('新题名');
  });

  it('moves a draft to a new class explicitly, but freezes the 档号 of an archived record', async () => {
    const { categoryId, fondsCode } = await buildFonds(t.app, arch.headers);
    const r = (await post('/api/records', wsRecord(categoryId))).json();
    const moved = await t.app.inject({ method: 'PATCH', url: `/api/records/${r.id}`, headers: arch.headers, payload: { version: r.version, orgCode: 'RSK' } });
    expect(moved.json().archivalCode).toBe(`${fondsCode}-WS·2021-Y-RSK-0001`);
    await post('/api/records/archive', { ids: [r.id] });
    const cur = (await t.app.inject({ url: `/api/records/${r.id}`, headers: arch.headers })).json();
    expect(cur.status).toBe('archived');
    const frozen = await t.app.inject({ method: 'PATCH', url: `/api/records/${r.id}`, headers: arch.headers, payload: { version: cur.version, year: 2020, docDate: '20200101' } });
    expect(frozen.json().code).toBe('code_frozen');
    const del = await t.app.inject({ method: 'DELETE', url: `/api/records/${r.id}`, headers: arch.headers });
    expect(del.json().code).toBe('record_archived');
  });

  it('renumbers drafts after the archived ones and audits every change', async () => {
    const { categoryId, fondsCode } = await buildFonds(t.app, arch.headers);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await post('/api/records', wsRecord(categoryId))).json().id);
    await post('/api/records/archive', { ids: [ids[0]] });
    await t.app.inject({ method: 'DELETE', url: `/api/records/${ids[1]}`, headers: arch.headers });
    const rn = await post('/api/records/renumber', { categoryId, year: 2021, retention: 'Y', orgCode: 'BGS' });
    expect(rn.statusCode).toBe(200);
    expect(rn.json().changes.map((c: { to: string }) => c.to)).toEqual([`${fondsCode}-WS·2021-Y-BGS-0002`, `${fondsCode}-WS·2021-Y-BGS-0003`]);
    const next = await post('/api/records', wsRecord(categoryId));
    expect(next.json().seqNo).toBe(4);
  });

  it('batch edits all or nothing', async () => {
    const { categoryId } = await buildFonds(t.app, arch.headers);
    const ids = [(await post('/api/records', wsRecord(categoryId))).json().id, (await post('/api/records', wsRecord(categoryId))).json().id];
    const ok = await post('/api/records/batch', { ids, set: { responsible: '人事科', openStatus: 'controlled' } });
    expect(ok.json().updated).toBe(2);
    const list = await t.app.inject({ url: `/api/records?categoryId=${categoryId}`, headers: arch.headers });
    expect(list.json().items.every((r: { responsible: string }) => r.responsible === '人事科')).toBe(true);
  });
});

describe('visibility', () => {
  it('hides other fonds from a records officer (404, not 403) and records above a clearance', async () => {
    const mine = await buildFonds(t.app, arch.headers);
    const theirs = await buildFonds(t.app, arch.headers);
    const secret = (await post('/api/records', wsRecord(mine.categoryId, { security: 'jimi' }))).json();
    const other = (await post('/api/records', wsRecord(theirs.categoryId))).json();
    const officer = await signedIn(t, ['records_officer'], { fondsScope: [mine.fondsCode], clearance: 'internal' });
    expect((await t.app.inject({ url: `/api/records/${other.id}`, headers: officer.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/records/${secret.id}`, headers: officer.headers })).statusCode).toBe(404);
    const fonds = (await t.app.inject({ url: '/api/fonds', headers: officer.headers })).json();
    expect(fonds.items.map((f: { code: string }) => f.code)).toEqual([mine.fondsCode]);
    const list = (await t.app.inject({ url: `/api/records?fondsId=${mine.fondsId}`, headers: officer.headers })).json();
    expect(list.total).toBe(0);
    const reader = await signedIn(t, ['reader']);
    expect((await t.app.inject({ url: '/api/records', headers: reader.headers })).statusCode).toBe(403);
  });

  it('counts the tree per class', async () => {
    const { categoryId } = await buildFonds(t.app, arch.headers);
    await post('/api/records', wsRecord(categoryId));
    await post('/api/records', wsRecord(categoryId));
    await post('/api/records', wsRecord(categoryId, { year: 2022, docDate: '20220101', retention: 'D10', orgCode: 'RSK' }));
    const tree = (await t.app.inject({ url: `/api/categories/${categoryId}/tree`, headers: arch.headers })).json();
    expect(tree.classOrder).toEqual(['year', 'retention', 'org']);
    expect(tree.groups).toEqual([{ year: 2022, retention: 'D10', orgCode: 'RSK', count: 1 }, { year: 2021, retention: 'Y', orgCode: 'BGS', count: 2 }]);
    // The counts are kept by triggers: they must follow a reclassify, a delete and a batch 密级 change.
    const list = (await t.app.inject({ url: `/api/records?categoryId=${categoryId}&year=2021`, headers: arch.headers })).json();
    expect(list).toMatchObject({ total: 2, totalCapped: false });
    const [a, b] = list.items;
    await t.app.inject({ method: 'PATCH', url: `/api/records/${a.id}`, headers: arch.headers, payload: { version: a.version, orgCode: 'RSK' } });
    await t.app.inject({ method: 'DELETE', url: `/api/records/${b.id}`, headers: arch.headers });
    const after = (await t.app.inject({ url: `/api/categories/${categoryId}/tree`, headers: arch.headers })).json().groups;
    const truth = await t.c.db.selectFrom('records').select(['year', 'retention', 'org_code', (eb) => eb.fn.countAll<number>().as('n')])
      .where('category_id', '=', categoryId).groupBy(['year', 'retention', 'org_code']).orderBy('year', 'desc').execute();
    expect(after).toEqual(truth.map((g) => ({ year: g.year, retention: g.retention, orgCode: g.org_code, count: Number(g.n) })));
    const officer = await signedIn(t, ['archivist'], { clearance: 'public' });
    await post('/api/records', wsRecord(categoryId, { security: 'internal' }));
    const seen = (await t.app.inject({ url: `/api/categories/${categoryId}/tree`, headers: officer.headers })).json().groups;
    expect(seen.reduce((n: number, g: { count: number }) => n + g.count, 0)).toBe(2);
  });
});

describe('scheme versions', () => {
  it('keeps a draft until someone else approves it; records keep the version they were numbered under', async () => {
    const { categoryId, schemeId } = await buildFonds(t.app, arch.headers);
    const first = (await post('/api/records', wsRecord(categoryId))).json();
    const draft = await post(`/api/categories/${categoryId}/schemes`, { note: '增加机构' });
    expect(draft.json().status).toBe('draft');
    const body = { ...draft.json().body, orgs: [...draft.json().body.orgs, { code: 'XXK', name: '信息科' }] };
    await t.app.inject({ method: 'PUT', url: `/api/schemes/${draft.json().id}`, headers: arch.headers, payload: { body, editVersion: draft.json().editVersion } });
    expect((await post('/api/records', wsRecord(categoryId, { orgCode: 'XXK' }))).statusCode).toBe(400);
    expect((await post(`/api/schemes/${draft.json().id}/approve`, {})).json().code).toBe('approver_is_author');
    const boss = await signedIn(t, ['archivist']);
    const ap = await post(`/api/schemes/${draft.json().id}/approve`, {}, boss.headers);
    expect(ap.json()).toMatchObject({ status: 'approved', approvedBy: boss.username, version: 2 });
    const r = await post('/api/records', wsRecord(categoryId, { orgCode: 'XXK' }));
    expect(r.json().schemeId).toBe(draft.json().id);
    expect((await t.app.inject({ url: `/api/records/${first.id}`, headers: arch.headers })).json().schemeId).toBe(schemeId);
    const versions = (await t.app.inject({ url: `/api/categories/${categoryId}/schemes`, headers: arch.headers })).json();
    expect(versions.items.map((s: { status: string }) => s.status)).toEqual(['approved', 'retired']);
  });

  it('refuses a bad 全宗号 and a duplicate one', async () => {
    const bad = await post('/api/fonds', { code: 'z1', name: 'x', agency: 'y' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toContain('code');
    const { fondsCode } = await buildFonds(t.app, arch.headers);
    expect((await post('/api/fonds', { code: fondsCode, name: 'x', agency: 'y' })).json().code).toBe('fonds_code_taken');
  });
});

describe('API tokens on the catalogue', () => {
  it('reads with a catalogue:read token within the owner clearance, and cannot write with it', async () => {
    const { categoryId } = await buildFonds(t.app, arch.headers);
    await post('/api/records', wsRecord(categoryId));
    await post('/api/records', wsRecord(categoryId, { security: 'jimi' }));
    const tok = (await post('/api/tokens', { name: 'cli', scopes: ['catalogue:read'] })).json();
    const bearer = { authorization: `Bearer ${tok.secret}` };
    const list = await t.app.inject({ url: `/api/records?categoryId=${categoryId}`, headers: bearer });
    expect(list.statusCode).toBe(200);
    expect(list.json().total).toBe(2);
    const write = await t.app.inject({ method: 'POST', url: '/api/records', headers: bearer, payload: wsRecord(categoryId) });
    expect(write.statusCode).toBe(403);
    expect(write.json().code).toBe('token_scope');
    const audit = await t.app.inject({ url: '/api/audit', headers: bearer });
    expect(audit.json().code).toBe('token_scope');
  });
});

describe('fonds edits', () => {
  it('a PATCH changes only the fields it names', async () => {
    const f = (await post('/api/fonds', { code: 'P001', name: '原名', agency: '单位', startYear: 1990, endYear: 2000, description: '介绍', history: '沿革' })).json();
    const u = await t.app.inject({ method: 'PATCH', url: `/api/fonds/${f.id}`, headers: arch.headers, payload: { version: f.version, name: '新名' } });
    expect(u.json()).toMatchObject({ name: '新名', startYear: 1990, endYear: 2000, description: '介绍', history: '沿革', version: f.version + 1 });
  });
});

describe('卷 mode totals', () => {
  it('counts 件 inside 卷 in the "all" listing and leaves them out at the top level', async () => {
    const { categoryId } = await buildFonds(t.app, arch.headers, 'KJ');
    const vol = (await post('/api/records', { categoryId, title: '2021年第1季度记账凭证', year: 2021, retention: 'D30' })).json();
    for (let i = 0; i < 3; i++) await post('/api/records', { categoryId, parentId: vol.id, title: `凭证${i}`, year: 2021, retention: 'D30' });
    const all = (await t.app.inject({ url: `/api/records?categoryId=${categoryId}`, headers: arch.headers })).json();
    expect(all).toMatchObject({ total: 4, totalCapped: false });
    expect(all.items).toHaveLength(4);
    const top = (await t.app.inject({ url: `/api/records?categoryId=${categoryId}&level=top`, headers: arch.headers })).json();
    expect(top.total).toBe(1);
    expect(top.items.map((r: { kind: string }) => r.kind)).toEqual(['volume']);
  });
});
