import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { buildFonds } from '../../../test/catalogue-factory.ts';
import { transferClient } from './test/transfer.kit.ts';

let t: TestApp;
let arch: Awaited<ReturnType<typeof signedIn>>;
let officer: Awaited<ReturnType<typeof signedIn>>;
let outsider: Awaited<ReturnType<typeof signedIn>>;
let fonds: Awaited<ReturnType<typeof buildFonds>>;
let other: Awaited<ReturnType<typeof buildFonds>>;
beforeAll(async () => {
  t = await buildTestApp();
  arch = await signedIn(t, ['archivist']);
  fonds = await buildFonds(t.app, arch.headers);
  other = await buildFonds(t.app, arch.headers);
  officer = await signedIn(t, ['records_officer'], { fondsScope: [fonds.fondsCode] });
  outsider = await signedIn(t, ['records_officer'], { fondsScope: [other.fondsCode] });
}, 60_000);
afterAll(async () => { await t.close(); });

const code = (r: { json: () => { code?: string } }) => r.json().code;
const audits = async (id: string) => (await t.c.db.selectFrom('audit_log').select('action').where('target_type', '=', 'transfer').where('target_id', '=', id).where('outcome', '=', 'success').execute()).length;

describe('state machine refusals', () => {
  it('refuses steps out of order and stale versions, and changes nothing when it does', async () => {
    const agency = transferClient(t, officer.headers);
    const archive = transferClient(t, arch.headers);
    const tr = (await agency.create(fonds.categoryId, { declaredBytes: 10 })).json();
    const before = await audits(tr.id);
    expect(code(await archive.act(tr.id, 'accept', { version: tr.version }))).toBe('transfer_state');
    expect(code(await archive.act(tr.id, 'check', { version: tr.version }))).toBe('transfer_state');
    expect(code(await archive.act(tr.id, 'return', { version: tr.version, reason: '不全' }))).toBe('transfer_state');
    expect(code(await archive.act(tr.id, 'confirm-archive', { version: tr.version }))).toBe('transfer_state');
    expect(code(await agency.act(tr.id, 'confirm-agency', { version: tr.version }))).toBe('transfer_state');
    expect(code(await agency.act(tr.id, 'submit', { version: tr.version }))).toBe('transfer_no_packages');
    expect((await t.app.inject({ url: `/api/transfers/${tr.id}/receipt`, headers: officer.headers })).json().code).toBe('transfer_state');
    expect((await t.app.inject({ url: `/api/transfers/${tr.id}/form.pdf`, headers: officer.headers })).statusCode).toBe(404);
    // An empty return reason is a validation error, not a state change.
    expect((await archive.act(tr.id, 'return', { version: tr.version, reason: ' ' })).statusCode).toBe(400);
    expect((await agency.get(tr.id)).json()).toMatchObject({ status: 'draft', version: 1 });
    expect(await audits(tr.id)).toBe(before);
  });

  it('two edits from the same version: one wins, the other gets 409 stale_version', async () => {
    const agency = transferClient(t, officer.headers);
    const tr = (await agency.create(fonds.categoryId)).json();
    const [a, b] = await Promise.all([agency.patch(tr.id, { version: 1, title: '甲' }), agency.patch(tr.id, { version: 1, title: '乙' })]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect([code(a), code(b)]).toContain('stale_version');
    const now = (await agency.get(tr.id)).json();
    expect(now.version).toBe(2);
    expect(['甲', '乙']).toContain(now.title);
    expect(code(await agency.patch(tr.id, { version: 2, yearFrom: 2022, yearTo: 2021 }))).toBe('validation_failed');
  });

  it('rejects bad input with stable codes', async () => {
    const agency = transferClient(t, officer.headers);
    expect(code(await agency.create(fonds.categoryId, { yearFrom: 2022, yearTo: 2021 }))).toBe('validation_failed');
    const tr = (await agency.create(fonds.categoryId)).json();
    // An upload that is not complete yet cannot be attached; an upload of someone else's is not found.
    const open = await t.app.inject({ method: 'POST', url: '/api/ingest/uploads', headers: officer.headers, payload: { filename: 'x.zip', size: 10, idempotencyKey: 'open-upload-1' } });
    expect(code(await agency.attach(tr.id, tr.version, open.json().id))).toBe('transfer_package_state');
    const archUpload = await transferClient(t, arch.headers).upload(Buffer.from('PK not really'), 'a.zip');
    expect((await agency.attach(tr.id, tr.version, archUpload.id)).statusCode).toBe(404);
    const mine = await agency.upload(Buffer.from('some bytes'), 'b.zip');
    const attached = (await agency.attach(tr.id, tr.version, mine.id)).json();
    expect(attached.packages).toHaveLength(1);
    expect(code(await agency.attach(tr.id, attached.version, mine.id))).toBe('transfer_package_state');
  });
});

describe('roles and fonds scope', () => {
  it('the archive cannot act for the agency and the agency cannot act for the archive', async () => {
    const tr = (await transferClient(t, officer.headers).create(fonds.categoryId)).json();
    expect((await transferClient(t, arch.headers).create(fonds.categoryId)).statusCode).toBe(403);
    expect((await transferClient(t, arch.headers).act(tr.id, 'submit', { version: 1 })).statusCode).toBe(403);
    expect((await transferClient(t, officer.headers).act(tr.id, 'accept', { version: 1 })).statusCode).toBe(403);
    expect((await transferClient(t, officer.headers).act(tr.id, 'check', { version: 1 })).statusCode).toBe(403);
  });

  it('an agency sees and touches only transfers of its own fonds; the archive sees all', async () => {
    const mine = (await transferClient(t, officer.headers).create(fonds.categoryId, { title: '本单位移交' })).json();
    const theirs = (await transferClient(t, outsider.headers).create(other.categoryId, { title: '他单位移交' })).json();
    const out = transferClient(t, outsider.headers);
    expect((await out.get(mine.id)).statusCode).toBe(404);
    expect((await out.act(mine.id, 'submit', { version: mine.version })).statusCode).toBe(404);
    expect((await out.patch(mine.id, { version: mine.version, title: 'x' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/transfers/${mine.id}/receipt`, headers: outsider.headers })).statusCode).toBe(404);
    expect((await out.create(fonds.categoryId)).statusCode).toBe(404);
    const listed = (await t.app.inject({ url: '/api/transfers?limit=200', headers: outsider.headers })).json();
    expect(listed.items.map((i: { id: string }) => i.id)).toContain(theirs.id);
    expect(listed.items.every((i: { fondsCode: string }) => i.fondsCode === other.fondsCode)).toBe(true);
    const all = (await t.app.inject({ url: '/api/transfers?limit=200', headers: arch.headers })).json();
    expect(all.items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    const drafts = (await t.app.inject({ url: `/api/transfers?status=submitted`, headers: arch.headers })).json();
    expect(drafts.items.every((i: { status: string }) => i.status === 'submitted')).toBe(true);
    expect((await out.get(theirs.id)).json()).toMatchObject({ title: '他单位移交', fondsCode: other.fondsCode });
  });
});
