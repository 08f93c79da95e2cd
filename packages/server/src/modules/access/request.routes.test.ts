import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { approvedRequest, json, recordWithFile } from './access.test-kit.ts';

let t: TestApp;
let a1: Awaited<ReturnType<typeof signedIn>>;
let a2: Awaited<ReturnType<typeof signedIn>>;
let a3: Awaited<ReturnType<typeof signedIn>>;
let reader: Awaited<ReturnType<typeof signedIn>>;
let other: Awaited<ReturnType<typeof signedIn>>;
beforeAll(async () => {
  t = await buildTestApp();
  a1 = await signedIn(t, ['archivist'], { clearance: 'jimi' });
  a2 = await signedIn(t, ['archivist'], { clearance: 'public' });
  a3 = await signedIn(t, ['archivist'], { clearance: 'jimi' });
  reader = await signedIn(t, ['reader']);
  other = await signedIn(t, ['reader']);
});
afterAll(async () => t?.close());

const post = (url: string, headers: Record<string, string>, payload: object) => t.app.inject({ method: 'POST', url, headers, payload });
const get = (url: string, headers: Record<string, string>) => t.app.inject({ url, headers });
const auditCount = async (action: string) => Number((await t.c.db.selectFrom('audit_log').select((e) => e.fn.countAll<string>().as('n')).where('action', '=', action).executeTakeFirstOrThrow()).n);

describe('查档 requests', () => {
  it('a reader files a request with a human-readable number and sees only their own', async () => {
    const r = json(await post('/api/access/requests', reader.headers, { purpose: 'education', purposeDetail: '学历认证', content: '1998 届 某中学 学籍档案' }));
    expect(r.number).toMatch(/^CD-\d{4}-\d{6}$/);
    expect(r).toMatchObject({ channel: 'online', status: 'reviewing', currentStep: 0, readerUsername: reader.username, items: [] });
    expect(r.steps.map((s: { key: string }) => s.key)).toEqual(['archivist', 'head']);
    const r2 = json(await post('/api/access/requests', reader.headers, { purpose: 'work', content: '第二件' }));
    expect(Number(r2.number.slice(-6))).toBe(Number(r.number.slice(-6)) + 1);
    expect((await get(`/api/access/requests/${r.id}`, other.headers)).statusCode).toBe(404);
    expect(json(await get('/api/access/requests', other.headers)).total).toBe(0);
    expect(json(await get('/api/access/requests', reader.headers)).items.map((x: { id: string }) => x.id)).toContain(r.id);
    // Records picked in the portal are kept for the archivist, never echoed to the reader.
    const picked = json(await post('/api/access/requests', reader.headers, { purpose: 'research', content: '研究', recordIds: ['00000000-0000-4000-8000-000000000001'] }));
    expect(picked.requestedRecordIds).toEqual([]);
    expect(json(await get(`/api/access/requests/${picked.id}`, a1.headers)).requestedRecordIds).toEqual(['00000000-0000-4000-8000-000000000001']);
  });

  it('a walk-in reader registered by an archivist: ID checked, masked everywhere, revealed only through an audited call', async () => {
    const bad = await post('/api/access/requests', a1.headers, { purpose: 'property', content: '房产档案', applicant: { name: '王五', idNo: '110101199003074515' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toBe('applicant.idNo');
    expect((await post('/api/access/requests', a1.headers, { purpose: 'property', content: '房产档案' })).json().code).toBe('access_applicant_required');
    const r = json(await post('/api/access/requests', a1.headers, { purpose: 'property', content: '房产档案', applicant: { name: '王五', idNo: '11010519491231002x', phone: '13912345678' } }));
    expect(r).toMatchObject({ channel: 'window', idNoMasked: '110***********002X', phoneMasked: '139****5678' });
    expect(JSON.stringify(json(await get('/api/access/requests', a1.headers)))).not.toContain('11010519491231002X');
    const before = await auditCount('access.request.revealId');
    expect(json(await post(`/api/access/requests/${r.id}/reveal`, a1.headers, {}))).toEqual({ idNo: '11010519491231002X', phone: '13912345678' });
    expect(await auditCount('access.request.revealId')).toBe(before + 1);
    expect((await post(`/api/access/requests/${r.id}/reveal`, reader.headers, {})).statusCode).toBe(403);
  });

  it('approval runs archivist → head; one person cannot decide two steps; the reader then sees the records', async () => {
    const rec = await recordWithFile(t, a1.headers);
    const req = json(await post('/api/access/requests', reader.headers, { purpose: 'marriage', content: '婚姻登记' }));
    expect((await post(`/api/access/requests/${req.id}/decisions`, a1.headers, { decision: 'approve', stepIndex: 0 })).json().code).toBe('access_no_items');
    json(await t.app.inject({ method: 'PUT', url: `/api/access/requests/${req.id}/items`, headers: a1.headers, payload: { recordIds: [rec.id] } }));
    expect(json(await get(`/api/access/requests/${req.id}`, reader.headers)).items).toEqual([]);
    json(await post(`/api/access/requests/${req.id}/decisions`, a1.headers, { decision: 'approve', stepIndex: 0, reason: '材料齐全' }));
    expect((await post(`/api/access/requests/${req.id}/decisions`, a2.headers, { decision: 'approve', stepIndex: 0 })).json().code).toBe('access_stale_step');
    const same = await post(`/api/access/requests/${req.id}/decisions`, a1.headers, { decision: 'approve', stepIndex: 1 });
    expect([same.statusCode, same.json().code]).toEqual([403, 'access_same_approver']);
    expect(json(await get('/api/access/requests?queue=1', a1.headers)).items.some((x: { id: string }) => x.id === req.id)).toBe(false);
    expect(json(await get('/api/access/requests?queue=1', a2.headers)).items.some((x: { id: string }) => x.id === req.id)).toBe(true);
    const done = json(await post(`/api/access/requests/${req.id}/decisions`, a2.headers, { decision: 'approve', stepIndex: 1 }));
    expect(done).toMatchObject({ status: 'approved', currentStep: 2 });
    expect(done.decisions.map((d: { actor: string; reason: string }) => [d.actor, d.reason])).toEqual([[a1.username, '材料齐全'], [a2.username, '']]);
    const seen = json(await get(`/api/access/requests/${req.id}`, reader.headers));
    expect(seen.items.map((i: { recordId: string }) => i.recordId)).toEqual([rec.id]);
    expect((await post(`/api/access/requests/${req.id}/withdraw`, reader.headers, {})).json().code).toBe('access_state');
  });

  it('密级 records add the 保密审查 step, decided only by someone cleared for them; a rejection needs a reason', async () => {
    const secret = await recordWithFile(t, a1.headers, { security: 'mimi' });
    const req = json(await post('/api/access/requests', reader.headers, { purpose: 'work', content: '工作查考' }));
    const withItems = json(await t.app.inject({ method: 'PUT', url: `/api/access/requests/${req.id}/items`, headers: a1.headers, payload: { recordIds: [secret.id] } }));
    expect(withItems.steps.map((s: { key: string }) => s.key)).toEqual(['archivist', 'secrecy', 'head']);
    json(await post(`/api/access/requests/${req.id}/decisions`, a1.headers, { decision: 'approve', stepIndex: 0 }));
    expect((await post(`/api/access/requests/${req.id}/decisions`, a2.headers, { decision: 'approve', stepIndex: 1 })).json().code).toBe('access_clearance');
    expect((await post(`/api/access/requests/${req.id}/decisions`, a3.headers, { decision: 'reject', stepIndex: 1 })).json().code).toBe('access_reason_required');
    const rej = json(await post(`/api/access/requests/${req.id}/decisions`, a3.headers, { decision: 'reject', stepIndex: 1, reason: '涉及国家秘密，不予提供' }));
    expect(rej).toMatchObject({ status: 'rejected' });
    expect(json(await get(`/api/access/requests/${req.id}`, reader.headers)).items).toEqual([]);
    // An archivist cleared below a record cannot attach it (it is reported as missing).
    const req2 = json(await post('/api/access/requests', reader.headers, { purpose: 'work', content: '工作查考' }));
    expect((await t.app.inject({ method: 'PUT', url: `/api/access/requests/${req2.id}/items`, headers: a2.headers, payload: { recordIds: [secret.id] } })).statusCode).toBe(400);
  });

  it('the flow is configurable: named approvers and restricted fonds', async () => {
    const flow = json(await get('/api/access/flow', a1.headers));
    const rec = await recordWithFile(t, a1.headers);
    json(await t.app.inject({ method: 'PUT', url: '/api/access/flow', headers: a1.headers, payload: { ...flow, steps: [flow.steps[0], { key: 'head', label: '馆长审批', approvers: [a3.username] }], restrictedFonds: [rec.fondsCode] } }));
    const req = json(await post('/api/access/requests', reader.headers, { purpose: 'research', content: '研究' }));
    expect(req.steps[1]).toMatchObject({ label: '馆长审批', approvers: [a3.username] });
    const it2 = json(await t.app.inject({ method: 'PUT', url: `/api/access/requests/${req.id}/items`, headers: a1.headers, payload: { recordIds: [rec.id] } }));
    expect(it2.steps.map((s: { key: string }) => s.key)).toEqual(['archivist', 'secrecy', 'head']);
    json(await post(`/api/access/requests/${req.id}/decisions`, a1.headers, { decision: 'approve', stepIndex: 0 }));
    json(await post(`/api/access/requests/${req.id}/decisions`, a2.headers, { decision: 'approve', stepIndex: 1 }));
    const notListed = await signedIn(t, ['archivist']);
    expect((await post(`/api/access/requests/${req.id}/decisions`, notListed.headers, { decision: 'approve', stepIndex: 2 })).json().code).toBe('access_not_approver');
    expect(json(await post(`/api/access/requests/${req.id}/decisions`, a3.headers, { decision: 'approve', stepIndex: 2 })).status).toBe('approved');
    await t.app.inject({ method: 'PUT', url: '/api/access/flow', headers: a1.headers, payload: flow });
  });

  it('the portal submits without an account and tracks with number + code only', async () => {
    const s = json(await post('/api/access/public/requests', {}, { purpose: 'employment', content: '1980 年代 招工 工龄', applicant: { name: '赵六', idNo: '11010519491231002X' } }));
    expect(s.number).toMatch(/^CD-/);
    const tr = json(await get(`/api/access/public/requests/${s.number}?code=${s.trackingCode}`, {}));
    expect(tr).toMatchObject({ status: 'reviewing', steps: [{ label: '档案员审核', done: false }, { label: '馆领导审批', done: false }], deliveries: [] });
    expect((await get(`/api/access/public/requests/${s.number}?code=wrong-code-000000`, {})).statusCode).toBe(404);
    expect((await get(`/api/access/public/requests/CD-1999-000001?code=${s.trackingCode}`, {})).statusCode).toBe(404);
    void approvedRequest;
  });
});
