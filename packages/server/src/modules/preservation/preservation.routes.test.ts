import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { buildFonds, wsRecord } from '../../../test/catalogue-factory.ts';
import { createLocalDiskStorage } from '../../platform/storage/local-disk.storage.ts';

let t: TestApp;
let dir: string;
let admin: Awaited<ReturnType<typeof signedIn>>;
let arch: Awaited<ReturnType<typeof signedIn>>;
let auditor: Awaited<ReturnType<typeof signedIn>>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lantai-pres-routes-'));
  t = await buildTestApp({ worker: true, env: { LANTAI_DATA_DIR: join(dir, 'data') } });
  admin = await signedIn(t, ['sysadmin']);
  arch = await signedIn(t, ['archivist']);
  auditor = await signedIn(t, ['auditor']);
});
afterAll(async () => { await t.close(); await rm(dir, { recursive: true, force: true }); });

function multipart(filename: string, bytes: Buffer) {
  const b = '----lantai' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([Buffer.from(`--${b}\r\ncontent-disposition: form-data; name="file"; filename="${filename}"\r\ncontent-type: application/octet-stream\r\n\r\n`), bytes, Buffer.from(`\r\n--${b}--\r\n`)]);
  return { payload, headers: { ...arch.headers, 'content-type': `multipart/form-data; boundary=${b}` } };
}
const waitJob = async (id: string) => (await t.c.jobs.waitFor(id, 60_000)).state;

describe('preservation API', () => {
  it('only the sysadmin adds a location; bad or unwritable ones are refused with a stable code and nothing stored', async () => {
    const body = { kind: 'local', id: 'vault', name: '异地磁盘', medium: 'offline', zone: 'site-2', config: { path: join(dir, 'vault') } };
    expect((await t.app.inject({ method: 'POST', url: '/api/preservation/locations', headers: arch.headers, payload: body })).statusCode).toBe(403);
    const bad = await t.app.inject({ method: 'POST', url: '/api/preservation/locations', headers: admin.headers, payload: { ...body, id: 'ro', config: { path: '/etc/hostname/nope' } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('preservation_location_unreachable');
    expect((await t.app.inject({ method: 'POST', url: '/api/preservation/locations', headers: admin.headers, payload: { ...body, id: 'Bad Id' } })).json().code).toBe('validation_failed');
    const ok = await t.app.inject({ method: 'POST', url: '/api/preservation/locations', headers: admin.headers, payload: body });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ id: 'vault', medium: 'offline', state: 'online', target: join(dir, 'vault') });
    expect((await t.app.inject({ method: 'POST', url: '/api/preservation/locations', headers: admin.headers, payload: body })).json().code).toBe('preservation_location_exists');
    const list = (await t.app.inject({ url: '/api/preservation/locations', headers: auditor.headers })).json().items;
    expect(list.map((l: { id: string }) => l.id)).toEqual(['primary', 'vault']);
    const audit = await t.c.db.selectFrom('audit_log').select('action').where('action', 'like', 'preservation.%').execute();
    expect(audit.map((a) => a.action)).toEqual(['preservation.location.create']);
  });

  it('an uploaded file is replicated by the job and the dashboard shows both copies and NDSA levels with reasons', async () => {
    const { categoryId } = await buildFonds(t.app, arch.headers);
    const r = (await t.app.inject({ method: 'POST', url: '/api/records', headers: arch.headers, payload: wsRecord(categoryId) })).json();
    const up = await t.app.inject({ method: 'POST', url: `/api/records/${r.id}/files`, ...multipart('a.txt', Buffer.from('保存测试 ' + Math.random())) });
    expect(up.statusCode).toBe(200);
    const job = await t.app.inject({ method: 'POST', url: '/api/preservation/replicate', headers: arch.headers, payload: {} });
    expect(await waitJob(job.json().jobId)).toBe('completed');
    const d = (await t.app.inject({ url: '/api/preservation/dashboard', headers: auditor.headers })).json();
    expect(d.objects).toMatchObject({ total: 1, belowPolicy: 0, mediaShort: 0 });
    expect(d.locations.map((l: { copies: number }) => l.copies)).toEqual([1, 1]);
    const storage = d.ndsa.find((a: { area: string }) => a.area === 'storage');
    expect(storage.level).toBe(1);
    expect(storage.notHigher.some((x: { level: number }) => x.level === 2)).toBe(true);
    expect(d.ndsa.map((a: { area: string }) => a.area)).toEqual(['storage', 'integrity', 'control', 'metadata', 'content']);
  });

  it('a corrupt primary copy is not served complete, is repaired from the vault, and the archivist is alerted', async () => {
    const { categoryId } = await buildFonds(t.app, arch.headers);
    const r = (await t.app.inject({ method: 'POST', url: '/api/records', headers: arch.headers, payload: wsRecord(categoryId) })).json();
    const bytes = Buffer.from('x'.repeat(200_000) + Math.random());
    const f = (await t.app.inject({ method: 'POST', url: `/api/records/${r.id}/files`, ...multipart('b.txt', bytes) })).json();
    await waitJob((await t.app.inject({ method: 'POST', url: '/api/preservation/replicate', headers: arch.headers, payload: {} })).json().jobId);
    const file = createLocalDiskStorage(join(dir, 'data', 'objects')).pathOf(f.sha256);
    const b = await readFile(file);
    b[100] = b[100]! ^ 0xff;
    await chmod(file, 0o644);
    await writeFile(file, b);
    const res = await t.app.inject({ url: `/api/records/${r.id}/files/${f.id}/content`, headers: arch.headers }).catch((e: Error) => e);
    if (!(res instanceof Error)) expect(res.rawPayload.equals(bytes)).toBe(false);
    let again;
    for (let i = 0; i < 50; i++) {
      again = await t.app.inject({ url: `/api/records/${r.id}/files/${f.id}/content`, headers: arch.headers }).catch(() => null);
      if (again?.statusCode === 200 && again.rawPayload.equals(bytes)) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(again?.rawPayload.equals(bytes)).toBe(true);
    let alerts: { kind: string; objectSha256: string }[] = [];
    for (let i = 0; i < 100 && !alerts.some((a) => a.kind === 'repaired'); i++) {
      alerts = (await t.app.inject({ url: '/api/preservation/alerts?unread=1', headers: arch.headers })).json().items;
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(alerts.some((a) => a.kind === 'repaired' && a.objectSha256 === f.sha256)).toBe(true);
    const read = await t.app.inject({ method: 'POST', url: '/api/preservation/alerts/read', headers: arch.headers, payload: { all: true } });
    expect(read.json().updated).toBeGreaterThan(0);
    const ev = (await t.app.inject({ url: `/api/preservation/events?object=${f.sha256}`, headers: auditor.headers })).json().items;
    expect(ev.map((e: { type: string; outcome: string }) => `${e.type}:${e.outcome}`)).toEqual(expect.arrayContaining(['fixity check:fail', 'repair:pass', 'replication:pass']));
  });

  it('an incident goes open → acknowledged → resolved by named people, audited; a resolved one cannot move again', async () => {
    const sha = 'c'.repeat(64);
    await t.c.db.insertInto('preservation_objects').values({ sha256: sha, size: 3 }).execute();
    await t.c.db.insertInto('object_replicas').values({ location_id: 'primary', sha256: sha, state: 'present' }).execute();
    await t.c.preservation.repair.repairObject(sha, 'test');
    const inc = (await t.app.inject({ url: '/api/preservation/incidents?state=open', headers: arch.headers })).json().items;
    expect(inc).toHaveLength(1);
    const id = inc[0].id;
    expect((await t.app.inject({ method: 'POST', url: `/api/preservation/incidents/${id}/acknowledge`, headers: auditor.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `/api/preservation/incidents/${id}/acknowledge`, headers: arch.headers })).json()).toMatchObject({ state: 'acknowledged', acknowledgedBy: arch.username });
    expect((await t.app.inject({ method: 'POST', url: `/api/preservation/incidents/${id}/resolve`, headers: arch.headers, payload: { resolution: '从异地光盘恢复' } })).json()).toMatchObject({ state: 'resolved', resolution: '从异地光盘恢复' });
    const again = await t.app.inject({ method: 'POST', url: `/api/preservation/incidents/${id}/resolve`, headers: arch.headers, payload: { resolution: 'x' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('preservation_incident_state');
  });

  it('policy: sysadmin sets 3 copies; out-of-range values are refused; the primary cannot be set offline', async () => {
    expect((await t.app.inject({ method: 'PUT', url: '/api/preservation/policy', headers: admin.headers, payload: { copies: 3, mediaTypes: 2 } })).json()).toMatchObject({ copies: 3, mediaTypes: 2, updatedBy: admin.username });
    expect((await t.app.inject({ method: 'PUT', url: '/api/preservation/policy', headers: admin.headers, payload: { copies: 0 } })).statusCode).toBe(400);
    const d = (await t.app.inject({ url: '/api/preservation/dashboard', headers: arch.headers })).json();
    expect(d.objects.belowPolicy).toBeGreaterThan(0);
    const off = await t.app.inject({ method: 'PATCH', url: '/api/preservation/locations/primary', headers: admin.headers, payload: { state: 'offline' } });
    expect(off.json().code).toBe('preservation_location_primary');
  });

  it('deleting a record file removes the object from every online location and from the inventory', async () => {
    const { categoryId } = await buildFonds(t.app, arch.headers);
    const r = (await t.app.inject({ method: 'POST', url: '/api/records', headers: arch.headers, payload: wsRecord(categoryId) })).json();
    const f = (await t.app.inject({ method: 'POST', url: `/api/records/${r.id}/files`, ...multipart('d.txt', Buffer.from('to delete ' + Math.random())) })).json();
    await waitJob((await t.app.inject({ method: 'POST', url: '/api/preservation/replicate', headers: arch.headers, payload: {} })).json().jobId);
    const vault = createLocalDiskStorage(join(dir, 'vault'));
    expect(await vault.head(f.sha256)).not.toBeNull();
    expect((await t.app.inject({ method: 'DELETE', url: `/api/records/${r.id}/files/${f.id}`, headers: arch.headers })).statusCode).toBeLessThan(300);
    expect(await vault.head(f.sha256)).toBeNull();
    expect(await t.c.db.selectFrom('preservation_objects').select('sha256').where('sha256', '=', f.sha256).executeTakeFirst()).toBeUndefined();
  });
});
