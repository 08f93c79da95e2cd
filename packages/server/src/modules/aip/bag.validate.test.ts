import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateBagDir } from './bag.validate.ts';

const TESTDATA = path.resolve(import.meta.dirname, '../../../../../../shared/testdata');
const SUITE = path.join(TESTDATA, 'bagit/loc-bagit-conformance-suite');

/** The suite's own rule: valid/ must pass, invalid/ (and the linux-/windows-only out-of-scope cases) must fail, warning/ must pass with a warning. */
function cases() {
  const out: { rel: string; expect: 'valid' | 'invalid' | 'warning' }[] = [];
  for (const v of readdirSync(SUITE).filter((d) => d.startsWith('v'))) {
    for (const cls of readdirSync(path.join(SUITE, v))) {
      const dir = path.join(SUITE, v, cls);
      if (!existsSync(dir) || !readdirSync(dir, { withFileTypes: true }).length) continue;
      for (const b of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
        const expect = cls === 'valid' ? 'valid' : cls === 'warning' ? 'warning' : 'invalid';
        out.push({ rel: `${v}/${cls}/${b.name}`, expect });
      }
    }
  }
  return out;
}

describe.skipIf(!existsSync(SUITE))('BagIt reader against the Library of Congress conformance suite', () => {
  const all = cases();
  it('finds all 60 bags of the suite', () => {
    expect(all.length).toBe(60);
  });
  it.each(all)('$rel is $expect', async ({ rel, expect: want }) => {
    const r = await validateBagDir(path.join(SUITE, rel));
    if (want === 'invalid') expect(r.valid, JSON.stringify(r.warnings)).toBe(false);
    else expect(r.valid, JSON.stringify(r.errors)).toBe(true);
    if (want === 'warning') expect(r.warnings.length).toBeGreaterThan(0);
  });
  it('reads the tag files in the declared encoding (UTF-16, ISO-8859-1)', async () => {
    const r = await validateBagDir(path.join(SUITE, 'v0.97/valid/UTF-16-encoded-tag-files'));
    expect(r.valid).toBe(true);
    expect(r.payloadFiles).toBeGreaterThan(0);
  });
});

const AM = path.join(TESTDATA, 'archivematica');
const AM_BAGS: [string, boolean][] = [
  ['SampleTransfers/BagExamples/UnzippedBags/BagTransfer', true],
  ['SampleTransfers/BagExamples/UnzippedBags/SimpleBagWithProcessingMCP', true],
  ['SampleTransfers/BagExamples/UnzippedBags/UnzippedBag', true],
  ['TestTransfers/bagitTests/bag', true],
  ['TestTransfers/bagitTests/bag with payload oxum', true],
  ['TestTransfers/bagitTests/bag with tag manifest', true],
  ['TestTransfers/bagitTests/bag with payload oxum and tag manifest', true],
  ['TestTransfers/bagitTests/bag fail manifest', false],
  ['TestTransfers/bagitTests/bag fail payload oxum', false],
  ['TestTransfers/bagitTests/bag fail tag manifest', false],
];

describe.skipIf(!existsSync(AM))('BagIt reader on the Archivematica sample bags (INDEX.md §2.1)', () => {
  it.each(AM_BAGS)('%s valid=%s', async (rel, valid) => {
    const r = await validateBagDir(path.join(AM, rel));
    expect(r.valid, JSON.stringify(r.errors)).toBe(valid);
  });
  it('a wrong Payload-Oxum is named as such', async () => {
    const r = await validateBagDir(path.join(AM, 'TestTransfers/bagitTests/bag fail payload oxum'));
    expect(r.errors.join('\n')).toMatch(/Payload-Oxum says 35661\.3, the payload is 35261\.3/);
  });
  it('keeps bag-info fields', async () => {
    const r = await validateBagDir(path.join(AM, 'SampleTransfers/BagExamples/UnzippedBags/UnzippedBag'));
    expect(r.info.length).toBeGreaterThan(0);
    expect(readFileSync(path.join(AM, 'SampleTransfers/BagExamples/UnzippedBags/UnzippedBag/bag-info.txt'), 'utf8')).toContain(r.info[0]![0]);
  });
});
