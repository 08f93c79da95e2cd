import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { json } from './access.test-kit.ts';

let t: TestApp;
beforeAll(async () => { t = await buildTestApp(); });
afterAll(async () => t?.close());

const create = (headers: Record<string, string>, ip: string, body: object = {}) =>
  t.app.inject({ method: 'POST', url: '/api/access/requests', headers, remoteAddress: ip, payload: { purpose: 'research', content: '研究 1950 年代档案', ...body } });
const count = async () => Number((await t.c.db.selectFrom('access_requests').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

describe('abuse of the request API', () => {
  it('a reader is held to 10 requests an hour, from any address; refused requests leave nothing behind', async () => {
    const r = await signedIn(t, ['reader']);
    for (let i = 0; i < 10; i++) expect((await create(r.headers, `10.1.0.${i}`)).statusCode).toBe(200);
    const before = await count();
    const res = await create(r.headers, '10.1.0.99');
    expect([res.statusCode, res.json().code]).toEqual([429, 'rate_limited']);
    expect(await count()).toBe(before);
    // Another reader is not affected.
    expect((await create((await signedIn(t, ['reader'])).headers, '10.1.0.98')).statusCode).toBe(200);
  });

  it('one address is held to 30 requests an hour across readers', async () => {
    const ip = '10.2.0.1';
    for (let i = 0; i < 3; i++) {
      const r = await signedIn(t, ['reader']);
      for (let k = 0; k < 10; k++) expect((await create(r.headers, ip)).statusCode).toBe(200);
    }
    const res = await create((await signedIn(t, ['reader'])).headers, ip);
    expect([res.statusCode, res.json().code]).toEqual([429, 'rate_limited']);
  });

  it('the portal form is rate-limited per address', async () => {
    const body = { purpose: 'marriage', content: '婚姻登记', applicant: { name: '游客', idType: 'other', idNo: 'P1234567' } };
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await t.app.inject({ method: 'POST', url: '/api/access/public/requests', remoteAddress: '10.3.0.1', payload: body })).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 200)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429]);
    const other = await t.app.inject({ method: 'POST', url: '/api/access/public/requests', remoteAddress: '10.3.0.2', payload: body });
    expect(other.statusCode).toBe(200);
  });

  it('markup in purposes and contents is kept as text, byte for byte, and served as JSON', async () => {
    const r = await signedIn(t, ['reader']);
    const xss = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    const made = json(await create(r.headers, '10.4.0.1', { purposeDetail: xss, content: `内容${xss}` }));
    const got = await t.app.inject({ url: `/api/access/requests/${made.id}`, headers: r.headers });
    expect(got.headers['content-type']).toContain('application/json');
    expect(got.json().purposeDetail).toBe(xss);
    expect(got.json().content).toBe(`内容${xss}`);
  });

  it('bad input changes nothing: unknown purpose, over-long text, records beyond the limit', async () => {
    const r = await signedIn(t, ['reader']);
    const before = await count();
    for (const body of [{ purpose: 'spying' }, { content: 'x'.repeat(2001) }, { purposeDetail: 'y'.repeat(501) }, { recordIds: Array.from({ length: 51 }, () => '00000000-0000-4000-8000-000000000000') }]) {
      const res = await create(r.headers, '10.5.0.1', body);
      expect([res.statusCode, res.json().code]).toEqual([400, 'validation_failed']);
    }
    expect(await count()).toBe(before);
  });
});
