import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { uploadFile } from '../portal/portal.test-kit.ts';
import { archivedRecords, openAndPublish, queue } from './open-review.test-kit.ts';

let t: TestApp;
let a1: Awaited<ReturnType<typeof signedIn>>;
let a2: Awaited<ReturnType<typeof signedIn>>;
beforeAll(async () => {
  t = await buildTestApp({ worker: true });
  a1 = await signedIn(t, ['archivist'], { clearance: 'jimi' });
  a2 = await signedIn(t, ['archivist'], { clearance: 'jimi' });
});
afterAll(async () => { await t.close(); });

const inject = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) =>
  t.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
const decide = (headers: Record<string, string>, body: Record<string, unknown>) => inject('POST', '/api/open-review/decide', headers, { reason: '审核意见', ...body });

describe('开放审核 queue', () => {
  it('queues archived records formed 25+ years ago (by 日期, else 年度), per-门类 earlier opening, once only, via the job', async () => {
    const f = await archivedRecords(t, a1.headers, [{ year: 2000, docDate: '20001130' }, { year: 2001, docDate: '' }, { year: 2010 }, { year: 1995 }]);
    const scan = await inject('POST', '/api/open-review/scan', a1.headers, { asOf: '2025-12-01' });
    expect(scan.statusCode).toBe(200);
    const job = await t.c.jobs.waitFor(scan.json().jobId, 30_000);
    expect(job.state).toBe('completed');
    const mine = async () => (await t.c.db.selectFrom('open_reviews').select('record_id').where('record_id', 'in', f.ids).execute()).map((r) => r.record_id);
    // 2000-11-30 + 25y ≤ 2025-12-01; 2001 without a date is formed by 2002-01-01 → due 2027; 2010 not due; 1995 due.
    expect((await mine()).sort()).toEqual([f.ids[0], f.ids[3]].sort());
    await inject('POST', '/api/open-review/scan', a1.headers, { asOf: '2025-12-01' }).then((r) => t.c.jobs.waitFor(r.json().jobId, 30_000));
    expect((await mine()).length).toBe(2);
    // 科技/经济 classes may open earlier: 10 years for this 门类.
    const rule = await inject('PUT', `/api/open-review/rules/${f.categoryId}`, a1.headers, { openAfterYears: 10, coReview: false });
    expect(rule.json()).toMatchObject({ openAfterYears: 10, coReview: false, categoryCode: 'WS' });
    await queue(t, f.ids, '2025-12-01');
    expect((await mine()).sort()).toEqual([f.ids[0], f.ids[1], f.ids[2], f.ids[3]].sort());
  });

  it('pre-screens titles, 主题词 and 备注 for managed terms and personal data, with positions; a new term rescreens the queue', async () => {
    const add = await inject('POST', '/api/open-review/terms', a1.headers, { term: '劳教', category: 'political' });
    expect(add.statusCode).toBe(200);
    expect((await inject('POST', '/api/open-review/terms', a1.headers, { term: '劳教', category: 'other' })).json().code).toBe('term_taken');
    const f = await archivedRecords(t, a1.headers, [
      { title: '关于王建华劳教问题的复查结论', remarks: '联系人手机13912345678，身份证11010519491231002X' },
      { title: '关于印发工作要点的通知', subjects: ['移民安置'] },
    ]);
    const [flagged, clean] = await queue(t, f.ids);
    const d = (await inject('GET', `/api/open-review/reviews/${flagged}`, a1.headers)).json();
    expect(d.hits.map((h: { kind: string; field: string; text: string }) => `${h.field}:${h.kind}:${h.text}`)).toEqual(expect.arrayContaining([
      'title:term:劳教', 'title:name_near_term:王建华', 'remarks:mobile:13912345678', 'remarks:id_card:11010519491231002X']));
    const hit = d.hits.find((h: { kind: string }) => h.kind === 'term');
    expect(d.record.title.slice(hit.start, hit.end)).toBe('劳教');
    expect((await inject('GET', `/api/open-review/reviews/${clean}`, a1.headers)).json().hitCount).toBe(0);
    const term = await inject('POST', '/api/open-review/terms', a1.headers, { term: '移民', category: 'other' });
    expect((await inject('GET', `/api/open-review/reviews/${clean}`, a1.headers)).json().hits[0]).toMatchObject({ field: 'subjects', text: '移民' });
    await inject('DELETE', `/api/open-review/terms/${term.json().id}`, a1.headers);
    expect((await inject('GET', `/api/open-review/reviews/${clean}`, a1.headers)).json().hitCount).toBe(0);
    // Text extracted from the record's files is screened too (record_file_texts, filled by the search module).
    const fileId = await uploadFile(t, a1.headers, f.ids[1]!, 'scan.txt', Buffer.from(`scan ${Math.random()}`));
    const { sha256: sha } = await t.c.db.selectFrom('record_files').select('sha256').where('id', '=', fileId).executeTakeFirstOrThrow();
    await t.c.db.insertInto('record_file_texts').values({ sha256: sha, method: 'ocr', text: '附件：经办人身份证号11010519491231002X' }).execute();
    await inject('DELETE', `/api/open-review/terms/${(await inject('POST', '/api/open-review/terms', a1.headers, { term: '临时', category: 'other' })).json().id}`, a1.headers);
    expect((await inject('GET', `/api/open-review/reviews/${clean}`, a1.headers)).json().hits).toEqual([
      { kind: 'id_card', field: 'text', start: 10, end: 28, text: '11010519491231002X' }]);
    await t.c.db.deleteFrom('record_file_texts').where('sha256', '=', sha).execute();
    await inject('DELETE', `/api/open-review/terms/${(await inject('POST', '/api/open-review/terms', a1.headers, { term: '临时', category: 'other' })).json().id}`, a1.headers);
    const list = await inject('GET', `/api/open-review/reviews?fondsCode=${f.fondsCode}&hits=any`, a1.headers);
    expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([flagged]);
  });
});

describe('staged review and decisions', () => {
  it('初审 → 移交单位 co-review → 复审 by another archivist; the final decision sets 开放状态 with history and evidence', async () => {
    const f = await archivedRecords(t, a1.headers, [{ title: '关于修建水库的请示' }]);
    await inject('PUT', `/api/open-review/rules/${f.categoryId}`, a1.headers, { openAfterYears: 25, coReview: true });
    const officer = await signedIn(t, ['records_officer'], { fondsScope: [f.fondsCode] });
    const stranger = await signedIn(t, ['records_officer'], { fondsScope: ['ZZZZ'] });
    const [id] = await queue(t, f.ids);
    expect((await decide(officer.headers, { ids: [id], decision: 'open' })).statusCode).toBe(403); // not its stage yet
    expect((await decide(a1.headers, { ids: [id], decision: 'open', reason: '无敏感内容' })).json()).toEqual({ decided: 0, advanced: 1 });
    expect((await decide(a1.headers, { ids: [id], decision: 'open' })).statusCode).toBe(403); // the 移交单位's turn
    expect((await inject('GET', `/api/open-review/reviews?stage=co_review`, stranger.headers)).json().items).toEqual([]);
    expect((await decide(stranger.headers, { ids: [id], decision: 'open' })).statusCode).toBe(404);
    const queueOfOfficer = await inject('GET', `/api/open-review/reviews`, officer.headers);
    expect(queueOfOfficer.json().items.map((i: { id: string }) => i.id)).toEqual([id]);
    expect((await decide(officer.headers, { ids: [id], decision: 'open', reason: '同意开放' })).json()).toEqual({ decided: 0, advanced: 1 });
    const same = await decide(a1.headers, { ids: [id], decision: 'open' });
    expect([same.statusCode, same.json().code]).toEqual([409, 'open_review_stage']); // 复审 by the 初审 reviewer
    expect((await decide(a2.headers, { ids: [id], decision: 'open', reason: '复审同意' })).json()).toEqual({ decided: 1, advanced: 0 });
    const d = (await inject('GET', `/api/open-review/reviews/${id}`, a1.headers)).json();
    expect(d.stage).toBe('decided');
    expect(d.opinions.map((o: { stage: string; actor: string; reason: string }) => [o.stage, o.actor, o.reason])).toEqual([
      ['initial', a1.username, '无敏感内容'], ['co_review', officer.username, '同意开放'], ['final', a2.username, '复审同意']]);
    const rec = (await inject('GET', `/api/records/${f.ids[0]}`, a1.headers)).json();
    expect(rec.openStatus).toBe('open');
    const hist = (await inject('GET', `/api/records/${f.ids[0]}/history`, a1.headers)).json();
    expect(JSON.stringify(hist)).toContain('open-review');
    const audit = await t.c.db.selectFrom('audit_log').select('detail').where('action', '=', 'open-review.decide').execute();
    expect(audit.some((a) => JSON.stringify(a.detail).includes('复审同意'))).toBe(true);
    expect((await decide(a2.headers, { ids: [id], decision: 'closed' })).json().code).toBe('open_review_stage');
  });

  it('batch decisions are all or nothing; classified records cannot be opened; redaction needs a public title', async () => {
    const f = await archivedRecords(t, a1.headers, [{ title: '甲' }, { title: '乙' }, { title: '丙', security: 'mimi' }]);
    const ids = (await queue(t, f.ids)) as string[];
    const d = (await inject('GET', `/api/open-review/reviews/${ids[2]}`, a1.headers)).json();
    expect(d.hits[0]).toMatchObject({ kind: 'security', text: 'mimi' });
    const bad = await decide(a1.headers, { ids, decision: 'open' });
    expect([bad.statusCode, bad.json().code]).toEqual([409, 'open_review_classified']);
    expect(await t.c.db.selectFrom('open_review_opinions').select('id').where('review_id', 'in', ids).execute()).toEqual([]);
    expect((await decide(a1.headers, { ids: ids.slice(0, 2), decision: 'redacted' })).json().code).toBe('open_review_redaction');
    expect((await decide(a1.headers, { ids: [ids[2]], decision: 'closed', deferYears: 10 })).json()).toEqual({ decided: 0, advanced: 1 });
    await decide(a2.headers, { ids: [ids[2]], decision: 'closed', deferYears: 10 });
    expect((await inject('GET', `/api/records/${f.ids[2]}`, a1.headers)).json().openStatus).toBe('deferred');
    const pub = await openAndPublish(t, a1.headers, a2.headers, ids.slice(0, 2), 'redacted', { title: '关于某事项的材料' });
    expect(pub).toMatchObject({ published: expect.any(Number), batchNo: expect.stringMatching(/^KF-\d{4}-\d{3}$/) });
    expect((await inject('GET', `/api/records/${f.ids[0]}`, a1.headers)).json().openStatus).toBe('controlled');
    const portal = await t.c.db.selectFrom('portal_records').select(['title', 'redacted']).where('record_id', 'in', f.ids).execute();
    expect(portal).toEqual([{ title: '关于某事项的材料', redacted: true }, { title: '关于某事项的材料', redacted: true }]);
  });

  it('exports the published 开放目录 as csv and xlsx, and withdraws records that are no longer open', async () => {
    const f = await archivedRecords(t, a1.headers, [{ title: '=HYPERLINK("x")开放目录测试' }]);
    await openAndPublish(t, a1.headers, a2.headers, (await queue(t, f.ids)) as string[]);
    const csv = await inject('GET', '/api/open-review/catalogue?format=csv', a1.headers);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('档号,全宗名称');
    expect(csv.body).toContain(`"'=HYPERLINK(""x"")开放目录测试"`);
    const xlsx = await inject('GET', '/api/open-review/catalogue?format=xlsx', a1.headers);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const rec = (await inject('GET', `/api/records/${f.ids[0]}`, a1.headers)).json();
    await t.app.inject({ method: 'PATCH', url: `/api/records/${f.ids[0]}`, headers: a1.headers, payload: { version: rec.version, openStatus: 'deferred' } });
    const again = (await inject('POST', '/api/open-review/publish', a1.headers)).json();
    expect(again.withdrawn).toBe(1);
    expect(await t.c.db.selectFrom('portal_records').select('record_id').where("record_id", "=", f.ids[0]!).execute()).toEqual([]);
  });
});
