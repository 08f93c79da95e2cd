import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { archivedRecord, unpackTar } from './aip.test-kit.ts';
import { readMetsFile } from './mets.reader.ts';
import { pdfaClaim } from './normalize.tools.ts';

const DOC = path.resolve(import.meta.dirname, '../../../../../../shared/testdata/archivematica/SampleTransfers/OfficeDocs/objects/Club-Report.doc');
const haveSoffice = existsSync('/usr/bin/soffice');

/** A 2×2 24-bit BMP, written by hand. */
function bmp(): Buffer {
  const row = Buffer.from([0, 0, 255, 0, 255, 0, 0, 0]); // 2 pixels (BGR) + 2 bytes padding
  const pixels = Buffer.concat([row, row]);
  const h = Buffer.alloc(54);
  h.write('BM', 0);
  h.writeUInt32LE(54 + pixels.length, 2);
  h.writeUInt32LE(54, 10);
  h.writeUInt32LE(40, 14);
  h.writeInt32LE(2, 18);
  h.writeInt32LE(2, 22);
  h.writeUInt16LE(1, 26);
  h.writeUInt16LE(24, 28);
  h.writeUInt32LE(pixels.length, 34);
  return Buffer.concat([h, pixels]);
}

let t: TestApp;
let h: Record<string, string>;
beforeAll(async () => {
  t = await buildTestApp();
  h = (await signedIn(t, ['archivist'], { clearance: 'juemi' })).headers;
});
afterAll(async () => t?.close());

describe.skipIf(!haveSoffice || !existsSync(DOC))('preservation copies (normalization)', () => {
  it('makes a PDF/A-2 copy of a .doc and a PNG of a BMP, records PREMIS migration events with tool and version, and puts them in the next AIP version', { timeout: 240_000 }, async () => {
    const r = await archivedRecord(t.app, h, [['Club-Report.doc', await readFile(DOC)], ['扫描件.bmp', bmp()], ['正文.pdf', Buffer.from('%PDF-1.4\n%%EOF\n')]]);
    const v1 = await t.c.aip.aips.build(r.id, 'tester');
    expect(v1.aip!.fileCount).toBe(3);
    const out = await t.c.aip.normalize.forRecord(r.id);
    expect(out).toEqual({ made: 2, failed: 0 });
    const copies = await t.c.db.selectFrom('record_files').selectAll().where('record_id', '=', r.id).where('role', '=', 'preservation').orderBy('filename').execute();
    expect(copies.map((c) => [c.filename, c.mime])).toEqual([['Club-Report.pdf', 'application/pdf'], ['扫描件.png', 'image/png']]);
    const events = await t.c.db.selectFrom('preservation_events').selectAll().where('record_id', '=', r.id).where('event_type', '=', 'migration').execute();
    expect(events).toHaveLength(2);
    const lo = events.find((e) => e.agent_name === 'LibreOffice')!;
    expect(lo.outcome).toBe('pass');
    expect(lo.agent_version).toMatch(/^\d+\.\d+/);
    expect(lo.outcome_detail).toMatchObject({ tool: 'LibreOffice', target: 'PDF/A-2B' });
    expect(events.find((e) => e.agent_name === 'FFmpeg')!.outcome).toBe('pass');
    // Nothing more to do the second time.
    expect(await t.c.aip.normalize.forRecord(r.id)).toEqual({ made: 0, failed: 0 });

    const v2 = await t.c.aip.aips.build(r.id, 'tester');
    expect(v2.aip!.version).toBe(2);
    expect(v2.aip!.fileCount).toBe(5);
    const res = await t.app.inject({ method: 'GET', url: `/api/records/${r.id}/aips/2/content`, headers: h });
    const root = await unpackTar(res.rawPayload);
    const rec = (await t.app.inject({ method: 'GET', url: `/api/records/${r.id}`, headers: h })).json();
    const pdf = path.join(root, 'data/objects', rec.archivalCode, 'preservation/Club-Report.pdf');
    expect(await pdfaClaim(pdf)).toBe('2B');
    const png = await readFile(path.join(root, 'data/objects', rec.archivalCode, 'preservation/扫描件.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const mets = await readMetsFile(path.join(root, 'data/mets.xml'));
    expect(mets.events.filter((e) => e.type === 'migration')).toHaveLength(2);
    const metsText = await readFile(path.join(root, 'data/mets.xml'), 'utf8');
    expect(metsText).toContain('<premis:relationshipSubType>has source</premis:relationshipSubType>');
    expect(metsText).toContain('<mets:fileGrp USE="preservation">');
  });

  it('a document LibreOffice cannot convert leaves a failed migration event and no copy, and is not retried', { timeout: 240_000 }, async () => {
    const r = await archivedRecord(t.app, h, [['坏文件.docx', Buffer.from('PK\u0003\u0004 this is not really a docx')]]);
    expect(await t.c.aip.normalize.forRecord(r.id)).toEqual({ made: 0, failed: 1 });
    const ev = await t.c.db.selectFrom('preservation_events').selectAll().where('record_id', '=', r.id).where('event_type', '=', 'migration').execute();
    expect(ev.map((e) => e.outcome)).toEqual(['fail']);
    expect(await t.c.db.selectFrom('record_files').select('id').where('record_id', '=', r.id).where('role', '=', 'preservation').execute()).toEqual([]);
    expect(await t.c.aip.normalize.forRecord(r.id)).toEqual({ made: 0, failed: 0 });
  });
});
