import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { approvedRequest, json, recordWithFile, scanJpeg, twoPagePdf } from './access.test-kit.ts';
import { signToken, verifyToken } from './delivery.token.ts';
import { readMark } from './watermark.read.ts';

let t: TestApp;
let a1: Awaited<ReturnType<typeof signedIn>>;
let a2: Awaited<ReturnType<typeof signedIn>>;
let reader: Awaited<ReturnType<typeof signedIn>>;
let other: Awaited<ReturnType<typeof signedIn>>;
let scan: Buffer;
let req: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let outside: { id: string };
beforeAll(async () => {
  t = await buildTestApp({ env: { LANTAI_DATA_DIR: `/tmp/lantai-access-test-${process.pid}` } });
  a1 = await signedIn(t, ['archivist']);
  a2 = await signedIn(t, ['archivist']);
  reader = await signedIn(t, ['reader']);
  other = await signedIn(t, ['reader']);
  scan = await scanJpeg(1240, 1754);
  const r1 = await recordWithFile(t, a1.headers, { file: { name: '结婚登记审查处理表.jpg', bytes: scan } });
  const r2 = await recordWithFile(t, a1.headers, { file: { name: '通知.pdf', bytes: await twoPagePdf() } });
  outside = await recordWithFile(t, a1.headers, { file: { name: 'other.jpg', bytes: await scanJpeg(300, 400) } });
  req = await approvedRequest(t, reader, [a1, a2], [r1.id, r2.id]);
});
afterAll(async () => t?.close());

const deliver = async (mode: string, days = 7) => {
  const r = json(await t.app.inject({ method: 'POST', url: `/api/access/requests/${req.id}/deliveries`, headers: a1.headers, payload: { mode, days } }));
  return r.deliveries.at(-1) as { id: string; token: string; certificateNo: string | null };
};
const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });
const markOf = async (id: string) => (await t.c.db.selectFrom('access_deliveries').select('mark_id').where('id', '=', id).executeTakeFirstOrThrow()).mark_id;
const hmacKey = async () => (await t.c.db.selectFrom('access_settings').select('hmac_key').executeTakeFirstOrThrow()).hmac_key;

function pdfTool(tool: string, pdf: Buffer, ...args: string[]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'acc-'));
  writeFileSync(path.join(dir, 'x.pdf'), pdf);
  return execFileSync(tool, [...args, path.join(dir, 'x.pdf'), ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
}

describe('delivery of approved records', () => {
  it('online viewing: watermarked pages only, carrying the delivery mark; every view logged and audited', async () => {
    const d = await deliver('view');
    const readerView = json(await get(`/api/access/requests/${req.id}`, reader.headers));
    expect(readerView.deliveries[0].token).toBe(d.token);
    const m = json(await get(`/api/access/d/${d.token}`, reader.headers));
    expect(m.items.map((i: { files: { pages: number }[] }) => i.files.map((f) => f.pages))).toEqual([[1], [2]]);
    const jpgFile = m.items.flatMap((i: { files: { id: string; filename: string }[] }) => i.files).find((f: { filename: string }) => f.filename.endsWith('.jpg'));
    const before = Number((await t.c.db.selectFrom('audit_log').select((e) => e.fn.countAll<string>().as('n')).where('action', '=', 'access.delivery.view').executeTakeFirstOrThrow()).n);
    const page = await get(`/api/access/d/${d.token}/files/${jpgFile.id}/pages/1`, reader.headers);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('image/jpeg');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.rawPayload.equals(scan)).toBe(false);
    expect(await readMark(page.rawPayload)).toBe(await markOf(d.id));
    const pdfFile = m.items.flatMap((i: { files: { id: string; filename: string }[] }) => i.files).find((f: { filename: string }) => f.filename.endsWith('.pdf'));
    const p2 = await get(`/api/access/d/${d.token}/files/${pdfFile.id}/pages/2`, reader.headers);
    expect([p2.statusCode, p2.headers['content-type']]).toEqual([200, 'image/jpeg']);
    expect((await get(`/api/access/d/${d.token}/files/${pdfFile.id}/pages/3`, reader.headers)).statusCode).toBe(404);
    const ev = json(await get(`/api/access/requests/${req.id}/events`, a1.headers));
    expect(ev.items.filter((e: { kind: string; deliveryId: string }) => e.kind === 'view' && e.deliveryId === d.id)).toHaveLength(2);
    expect(Number((await t.c.db.selectFrom('audit_log').select((e) => e.fn.countAll<string>().as('n')).where('action', '=', 'access.delivery.view').executeTakeFirstOrThrow()).n)).toBe(before + 2);
    // View-only: no download.
    const dl = await get(`/api/access/d/${d.token}/download`, reader.headers);
    expect([dl.statusCode, dl.json().code]).toEqual([403, 'delivery_mode']);
  });

  it('a reader\'s link works only for that reader; other records, other readers and the catalogue stay closed', async () => {
    const d = await deliver('view');
    const m = json(await get(`/api/access/d/${d.token}`, reader.headers));
    const fileId = m.items[0].files[0].id;
    for (const h of [other.headers, {}]) {
      const r = await get(`/api/access/d/${d.token}/files/${fileId}/pages/1`, h);
      expect([r.statusCode, r.json().code]).toEqual([404, 'delivery_token_invalid']);
    }
    const outsideFile = json(await get(`/api/records/${outside.id}/files`, a1.headers)).items[0].id;
    expect((await get(`/api/access/d/${d.token}/files/${outsideFile}/pages/1`, reader.headers)).statusCode).toBe(404);
    expect((await get(`/api/records/${outside.id}/files/${outsideFile}/content`, reader.headers)).statusCode).toBe(403);
    expect((await get(`/api/records/${m.items[0].recordId}/files/${fileId}/content`, reader.headers)).statusCode).toBe(403);
  });

  it('tampered, expired and revoked links answer with stable codes', async () => {
    const d = await deliver('view');
    const claims = verifyToken(await hmacKey(), d.token);
    const [body, mac] = d.token.split('.');
    const raw = Buffer.from(body!, 'base64url');
    raw[16] = 1; // view → download, same signature
    const forged = raw.toString('base64url');
    for (const bad of [`${forged}.${mac}`, `${body}.${mac!.slice(0, -1)}${mac!.endsWith('A') ? 'B' : 'A'}`, `${body!.slice(0, -1)}${body!.endsWith('A') ? 'B' : 'A'}.${mac}`, 'not-a-token-at-all']) {
      const r = await get(`/api/access/d/${bad}/download`, reader.headers);
      expect([r.statusCode, r.json().code], bad).toEqual([404, 'delivery_token_invalid']);
    }
    // A correctly signed token whose claims differ from the delivery (here: a later expiry) is refused too.
    const longer = signToken(await hmacKey(), { ...claims, e: claims.e + 86400 });
    expect((await get(`/api/access/d/${longer}`, reader.headers)).json().code).toBe('delivery_token_invalid');
    // Expiry is the server's: move it into the past (and sign what a holder would have held).
    const past = new Date(Date.now() - 60_000);
    await t.c.db.updateTable('access_deliveries').set({ expires_at: past }).where('id', '=', d.id).execute();
    const expired = signToken(await hmacKey(), { ...claims, e: Math.floor(past.getTime() / 1000) });
    const r = await get(`/api/access/d/${expired}`, reader.headers);
    expect([r.statusCode, r.json().code]).toEqual([410, 'delivery_expired']);
    expect(json(await get(`/api/access/requests/${req.id}`, reader.headers)).deliveries.find((x: { id: string }) => x.id === d.id)).toMatchObject({ expired: true, token: null });
    const d2 = await deliver('view');
    json(await t.app.inject({ method: 'POST', url: `/api/access/deliveries/${d2.id}/revoke`, headers: a1.headers }));
    const rv = await get(`/api/access/d/${d2.token}`, reader.headers);
    expect([rv.statusCode, rv.json().code]).toEqual([410, 'delivery_revoked']);
  });

  it('tampered watermark parameters: the client cannot turn marks off, change their text or enlarge the page', async () => {
    const d = await deliver('view');
    const m = json(await get(`/api/access/d/${d.token}`, reader.headers));
    const fileId = m.items.flatMap((i: { files: { id: string; filename: string }[] }) => i.files).find((f: { filename: string }) => f.filename.endsWith('.jpg')).id;
    const url = `/api/access/d/${d.token}/files/${fileId}/pages/1`;
    const plain = await get(url, reader.headers);
    const tampered = await get(`${url}?watermark=0&mark=0000000000000000&text=${encodeURIComponent('别人')}&maxSide=9999&quality=100&raw=1`, reader.headers);
    expect(tampered.statusCode).toBe(200);
    const meta = async (b: Buffer) => { const x = await sharp(b).metadata(); return [x.width, x.height, x.format]; };
    expect(await meta(tampered.rawPayload)).toEqual(await meta(plain.rawPayload));
    expect(await readMark(tampered.rawPayload)).toBe(await markOf(d.id));
    expect(tampered.rawPayload.includes(Buffer.from(`lantai-delivery-mark:${await markOf(d.id)}`))).toBe(true);
    for (const bad of ['0', '-1', '1.5', 'x', '100001']) {
      expect((await get(`/api/access/d/${d.token}/files/${fileId}/pages/${bad}`, reader.headers)).statusCode, bad).toBe(400);
    }
    expect((await get(`/api/access/d/${d.token}/files/not-a-uuid/pages/1`, reader.headers)).statusCode).toBe(400);
  });

  it('download: one PDF of marked page images, the mark id in its metadata', async () => {
    const d = await deliver('download', 3);
    const r = await get(`/api/access/d/${d.token}/download`, reader.headers);
    expect([r.statusCode, r.headers['content-type']]).toEqual([200, 'application/pdf']);
    const mark = await markOf(d.id);
    expect(pdfTool('pdfinfo', r.rawPayload)).toMatch(new RegExp(`Pages:\\s+3[\\s\\S]*|lantai-delivery-mark:${mark}`));
    expect(pdfTool('pdfinfo', r.rawPayload)).toContain(`lantai-delivery-mark:${mark}`);
    // Only images, no text layer: nothing unmarked to lift out.
    expect(pdfTool('pdftotext', r.rawPayload).trim()).toBe('');
    expect(pdfTool('pdfimages', r.rawPayload, '-list').split('\n').filter((l) => /\bjpeg\b/.test(l))).toHaveLength(3);
  });

  it('出证: a certified copy starts with a numbered certificate page and numbers every page', async () => {
    const d = await deliver('certified', 30);
    expect(d.certificateNo).toMatch(/^CZ-\d{4}-\d{6}$/);
    const r = await t.app.inject({ url: `/api/access/deliveries/${d.id}/certificate`, headers: a1.headers });
    expect(r.statusCode).toBe(200);
    expect(pdfTool('pdfinfo', r.rawPayload)).toMatch(/Pages:\s+4/);
    const text = pdfTool('pdftotext', r.rawPayload);
    expect(text).toContain('档案利用证明');
    expect(text).toContain(d.certificateNo!);
    expect(text).toContain(req.number);
    expect(text).toContain('第 1 页 共 4 页');
    expect(text).toContain('第 4 页 共 4 页');
    expect((await t.app.inject({ url: `/api/access/deliveries/${d.id}/certificate`, headers: reader.headers })).statusCode).toBe(403);
    const ev = json(await get(`/api/access/requests/${req.id}/events`, a1.headers));
    expect(ev.items.some((e: { kind: string }) => e.kind === 'certificate')).toBe(true);
  });
});
