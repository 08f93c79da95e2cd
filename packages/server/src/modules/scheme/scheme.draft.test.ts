import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { buildFonds } from '../../../test/catalogue-factory.ts';

// Two archivists editing one scheme draft: each save names the editVersion it started from, so the second
// save of the same starting point is refused (409 stale_version) instead of silently overwriting the first.
let t: TestApp;
let a: Awaited<ReturnType<typeof signedIn>>;
let b: Awaited<ReturnType<typeof signedIn>>;
beforeAll(async () => {
  t = await buildTestApp();
  a = await signedIn(t, ['archivist']);
  b = await signedIn(t, ['archivist']);
});
afterAll(async () => { await t.close(); });

const put = (id: string, payload: object, headers: Record<string, string>) => t.app.inject({ method: 'PUT', url: `/api/schemes/${id}`, headers, payload });
const edits = (id: string) => t.c.db.selectFrom('audit_log').select('actor_name').where('action', '=', 'scheme.edit').where('target_id', '=', id).orderBy('seq').execute();

async function draft() {
  const { categoryId } = await buildFonds(t.app, a.headers);
  const d = await t.app.inject({ method: 'POST', url: `/api/categories/${categoryId}/schemes`, headers: a.headers, payload: { note: '修订' } });
  expect(d.statusCode).toBe(200);
  return d.json() as { id: string; editVersion: number; body: { orgs: { code: string; name: string }[] } };
}

describe('scheme draft edits', () => {
  it('refuses the second of two saves from the same editVersion and keeps the first', async () => {
    const d = await draft();
    expect(d.editVersion).toBe(1);
    const mine = { ...d.body, orgs: [...d.body.orgs, { code: 'XCK', name: '宣传科' }] };
    const theirs = { ...d.body, orgs: [...d.body.orgs, { code: 'XXK', name: '信息科' }] };

    const first = await put(d.id, { body: mine, editVersion: 1 }, a.headers);
    expect(first.statusCode).toBe(200);
    expect(first.json().editVersion).toBe(2);
    const second = await put(d.id, { body: theirs, editVersion: 1 }, b.headers);
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('stale_version');
    expect(second.json().message).toBe('数据已被他人修改，请刷新后重试');

    const now = (await t.app.inject({ url: `/api/schemes/${d.id}`, headers: b.headers })).json();
    expect(now.editVersion).toBe(2);
    expect(now.body.orgs.map((o: { code: string }) => o.code)).toContain('XCK');
    expect(now.body.orgs.map((o: { code: string }) => o.code)).not.toContain('XXK');
    expect((await edits(d.id)).map((e) => e.actor_name)).toEqual([a.username]);

    // B reloads (editVersion 2) and saves on top of A's edit.
    const merged = { ...now.body, orgs: [...now.body.orgs, { code: 'XXK', name: '信息科' }] };
    const again = await put(d.id, { body: merged, editVersion: now.editVersion }, b.headers);
    expect(again.statusCode).toBe(200);
    expect(again.json().editVersion).toBe(3);
    expect(again.json().body.orgs.map((o: { code: string }) => o.code)).toEqual(expect.arrayContaining(['XCK', 'XXK']));
  });

  it('lets exactly one of two simultaneous saves through', async () => {
    const d = await draft();
    const res = await Promise.all([
      put(d.id, { body: { ...d.body, orgs: [...d.body.orgs, { code: 'AAA', name: '甲科' }] }, editVersion: 1 }, a.headers),
      put(d.id, { body: { ...d.body, orgs: [...d.body.orgs, { code: 'BBB', name: '乙科' }] }, editVersion: 1 }, b.headers),
    ]);
    expect(res.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect((await edits(d.id)).length).toBe(1);
    const row = await t.c.db.selectFrom('schemes').select('edit_version').where('id', '=', d.id).executeTakeFirstOrThrow();
    expect(row.edit_version).toBe(2);
  });

  it('needs the editVersion, and an approved version is not a draft whatever its editVersion', async () => {
    const d = await draft();
    const missing = await put(d.id, { body: d.body }, a.headers);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().code).toBe('validation_failed');
    expect(await edits(d.id)).toEqual([]);
    expect((await t.app.inject({ method: 'POST', url: `/api/schemes/${d.id}/approve`, headers: b.headers })).statusCode).toBe(200);
    const late = await put(d.id, { body: d.body, editVersion: 1 }, a.headers);
    expect(late.json().code).toBe('scheme_not_draft');
  });
});
