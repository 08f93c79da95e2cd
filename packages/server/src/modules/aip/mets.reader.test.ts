import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMets, readMetsFile } from './mets.reader.ts';

const FIX = path.resolve(import.meta.dirname, '../../../../../../shared/testdata/archivematica');
const MRW = path.join(FIX, 'mets-reader-writer-fixtures');

describe.skipIf(!existsSync(MRW))('METS/PREMIS reader on the Archivematica examples (INDEX.md §2.5)', () => {
  it('complete_mets.xml: PREMIS objects with fixity, events and agents', async () => {
    const m = await readMetsFile(path.join(MRW, 'complete_mets.xml'));
    expect(m.problems).toEqual([]);
    expect(m.objects.length).toBeGreaterThan(0);
    expect(m.objects.every((o) => o.identifier && o.fixity.length > 0)).toBe(true);
    expect(m.events.length).toBeGreaterThan(0);
    expect(m.events.map((e) => e.type)).toEqual(expect.arrayContaining(['ingestion', 'message digest calculation']));
    expect(m.agents.length).toBeGreaterThan(0);
  });
  it('production-aip-mets-file.xml and the pointer file parse', async () => {
    const aip = await readMetsFile(path.join(MRW, 'production-aip-mets-file.xml'));
    expect(aip.objects.length).toBeGreaterThan(0);
    expect(aip.objects[0]!.fixity[0]).toMatchObject({ algorithm: 'sha256' });
    expect(aip.events.length).toBeGreaterThan(0);
    const ptr = await readMetsFile(path.join(MRW, 'production-pointer-file.xml'));
    expect(ptr.objects.length).toBeGreaterThan(0);
  });
  it.each(['mets_all_rights.xml', 'mets_with_missing_bag_metadata_amdsec.xml'])('%s parses without problems', async (f) => {
    expect((await readMetsFile(path.join(MRW, f))).problems).toEqual([]);
  });
  it('createdate_too_new.xml is refused (CREATEDATE in the year 3000)', async () => {
    expect((await readMetsFile(path.join(MRW, 'createdate_too_new.xml'))).problems.join()).toMatch(/CREATEDATE 3000-07-16T23:05:27 is in the future/);
  });
  it('mets_invalid_xlink_hrefs.xml is refused (href is not a URL)', async () => {
    expect((await readMetsFile(path.join(MRW, 'mets_invalid_xlink_hrefs.xml'))).problems.join()).toMatch(/foo\[bar\.com/);
  });
  it('PremisImporter premis.xml: objects and events', async () => {
    const m = await readMetsFile(path.join(FIX, 'SampleTransfers/PremisImporter/metadata/premis.xml'));
    expect(m.objects.length).toBeGreaterThan(0);
    expect(m.events.length).toBeGreaterThan(0);
  });
  it('XML that is not well-formed throws', async () => {
    await expect(readMets(['<mets:mets xmlns:mets="http://www.loc.gov/METS/"><mets:metsHdr></mets:mets>'])).rejects.toThrow();
  });
});
