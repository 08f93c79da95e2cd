import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { buildFonds } from '../../../test/catalogue-factory.ts';
import { runWorkDir } from '../ingest/ingest.paths.ts';
import { onePagePdf, transfer2012, zipBuffer } from '../ingest/test/zip.writer.ts';
import { GOOD_B, realPdf, transferClient } from './test/transfer.kit.ts';

let t: TestApp;
let arch: Awaited<ReturnType<typeof signedIn>>;
let officer: Awaited<ReturnType<typeof signedIn>>;
let fonds: Awaited<ReturnType<typeof buildFonds>>;
beforeAll(async () => {
  t = await buildTestApp({ worker: true });
  arch = await signedIn(t, ['archivist']);
  fonds = await buildFonds(t.app, arch.headers);
  officer = await signedIn(t, ['records_officer'], { fondsScope: [fonds.fondsCode] });
  const cfg = await t.app.inject({ method: 'PUT', url: '/api/ingest/config/YJ', headers: arch.headers, payload: { version: 0, items: { 'virus-scanner': { enabled: false, settings: {} }, 'virus-scan': { enabled: false, settings: {} } } } });
  expect(cfg.statusCode, cfg.body).toBe(200);
}, 60_000);
afterAll(async () => { await t.close(); });

describe('the accept of a transfer is one transaction over all its packages', () => {
  it('a record that fails in the second package leaves no record of the first, no form, and the created objects removed; a retry then accepts both', { timeout: 300_000 }, async () => {
    const agency = transferClient(t, officer.headers);
    const archive = transferClient(t, arch.headers);
    const unique = await onePagePdf(`transfer accept ${randomUUID()}`);
    const uniqueSha = createHash('sha256').update(unique).digest('hex');
    const p1 = zipBuffer(transfer2012([{ title: '关于甲项工作的通知', date: '20210311', file: 'a.pdf', data: unique }]));
    const p2 = zipBuffer(transfer2012([{ title: '关于乙项工作的通知', date: '20210312', file: 'b.pdf', data: realPdf(GOOD_B) }]));
    let tr = (await agency.create(fonds.categoryId, { declaredBytes: unique.length + realPdf(GOOD_B).length })).json();
    for (const [zip, name] of [[p1, '第一包.zip'], [p2, '第二包.zip']] as const) tr = (await agency.attach(tr.id, tr.version, (await agency.upload(zip, name)).id)).json();
    tr = (await agency.act(tr.id, 'submit', { version: tr.version })).json();
    tr = (await archive.act(tr.id, 'check', { version: tr.version })).json();
    tr = await archive.waitFor(tr.id, ['checked']);
    expect(tr.checks).toHaveLength(2);
    expect(tr.summary).toMatchObject({ totalsMatch: true });
    expect(tr.summary.verdict, JSON.stringify(tr.checks.map((c: { run: unknown }) => c.run))).not.toBe('fail');

    // Spoil the second package's extracted metadata after its checks: its record cannot be written.
    const second = tr.checks.find((c: { run: { filename: string } }) => c.run.filename === '第二包.zip').run.id as string;
    const file = `${runWorkDir(t.c.config.dataDir, second)}/package.json`;
    const good = await fs.readFile(file, 'utf8');
    const pkg = JSON.parse(good);
    pkg.records[0].metadata.year = 'not a year';
    await fs.writeFile(file, JSON.stringify(pkg));

    expect((await archive.act(tr.id, 'accept', { version: tr.version })).statusCode).toBe(200);
    tr = await archive.waitFor(tr.id, ['checked', 'accepted']);
    expect(tr.status).toBe('checked');
    expect(tr.failure).toMatch(/接收失败/);
    expect(tr.checks.map((c: { run: { status: string } }) => c.run.status)).toEqual(['checked', 'checked']);
    expect(await t.c.db.selectFrom('records').select('id').where('category_id', '=', fonds.categoryId).execute()).toEqual([]);
    expect(await t.c.db.selectFrom('transfer_forms').select('seq').where('transfer_id', '=', tr.id).execute()).toEqual([]);
    expect(await t.c.storage.head(uniqueSha)).toBeNull();
    const failed = await t.c.db.selectFrom('audit_log').select(['action', 'outcome']).where('target_id', '=', tr.id).where('outcome', '=', 'failure').execute();
    expect(failed).toEqual([{ action: 'transfer.accept', outcome: 'failure' }]);

    // Put the metadata right and accept again: both packages' records come in together.
    await fs.writeFile(file, good);
    expect((await archive.act(tr.id, 'accept', { version: tr.version })).statusCode).toBe(200);
    tr = await archive.waitFor(tr.id, ['checked', 'accepted']);
    expect(tr, tr.failure).toMatchObject({ status: 'accepted', createdRecords: 2, failure: null });
    expect(await t.c.storage.head(uniqueSha)).toEqual({ size: unique.length });
    const recs = await t.c.db.selectFrom('records').select('title').where('category_id', '=', fonds.categoryId).orderBy('title').execute();
    expect(recs.map((r) => r.title)).toEqual(['关于乙项工作的通知', '关于甲项工作的通知'].sort());
  });
});
