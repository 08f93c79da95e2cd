import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../checks/index.ts';
import { openPackage } from '../package.open.ts';
import { runChecks, verdictOf } from '../runner.ts';
import { indexRows, TESTDATA } from '../test/testdata.ts';

const work = await fs.mkdtemp(path.join(os.tmpdir(), 'ingest-readers-'));
afterAll(async () => { await fs.rm(work, { recursive: true, force: true }); });
// The outside corpus has no 年度/保管期限: the run's defaults supply them, as an archivist would.
const checks = CHECKS.filter((c) => !c.id.startsWith('virus'));

async function verdict(rel: string, hint?: 'eep') {
  const pkg = await openPackage({ kind: 'dir', dir: path.join(TESTDATA, rel), hint }, await fs.mkdtemp(path.join(work, 'w')));
  for (const r of pkg.records) r.metadata = { year: 2016, retention: 'D10', ...r.metadata };
  const items = await runChecks({ checks, pkg, stage: 'GD', config: {}, services: {}, signal: new AbortController().signal });
  return { pkg, items, verdict: verdictOf(items) };
}

describe('LoC BagIt conformance suite reaches the INDEX.md outcome', () => {
  const rows = indexRows('bagit/loc-bagit-conformance-suite/');
  it('has the 60 bags', () => expect(rows.length).toBeGreaterThanOrEqual(55));
  for (const row of rows) {
    it(`${row.path} → ${row.expected.slice(0, 12)}`, async () => {
      const { verdict: v, items } = await verdict(row.path);
      const problems = items.filter((i) => i.outcome === 'fail').map((i) => `${i.code} ${i.en}`);
      const structure = items.filter((i) => ['fixity', 'package-structure', 'totals-count', 'totals-bytes'].includes(i.checkId));
      if (row.expected.startsWith('REJECT')) expect(structure.some((i) => i.outcome === 'fail'), JSON.stringify(structure.map((i) => i.en))).toBe(true);
      else {
        expect(structure.filter((i) => i.outcome === 'fail'), problems.join('\n')).toEqual([]);
        if (row.expected.startsWith('ACCEPT+WARN')) expect(structure.some((i) => i.outcome === 'warning'), JSON.stringify(structure.map((i) => i.en))).toBe(true);
      }
      expect(v).toBeDefined();
    });
  }
});

describe('Archivematica sample bags and transfers', () => {
  const rows = [...indexRows('archivematica/TestTransfers/bagitTests/'), { path: 'archivematica/TestTransfers/fixityCheckShouldFail/', expected: 'REJECT' },
    { path: 'archivematica/SampleTransfers/BagExamples/UnzippedBags/BagTransfer/', expected: 'ACCEPT' }, { path: 'archivematica/TestTransfers/small/', expected: 'ACCEPT' }];
  for (const row of rows) {
    it(`${row.path} → ${row.expected.slice(0, 12)}`, async () => {
      const { items } = await verdict(row.path);
      const pkgItems = items.filter((i) => ['fixity', 'package-structure', 'totals-count', 'totals-bytes'].includes(i.checkId));
      expect(pkgItems.some((i) => i.outcome === 'fail'), JSON.stringify(pkgItems.map((i) => [i.outcome, i.en]))).toBe(row.expected.startsWith('REJECT'));
    });
  }
});

describe('DA/T 48 EEP samples', () => {
  it('a.xml (no namespace, dummy values) is rejected with the namespace named', async () => {
    const { items, pkg } = await verdict('eep/1998Zhao-check/a.xml'.replace(/a\.xml$/, ''), 'eep');
    expect(pkg.layout).toBe('eep');
    expect(items.some((i) => i.checkId === 'package-structure' && i.outcome === 'fail' && /namespace/.test(i.en))).toBe(true);
  });
  it('the nh-deep README example (non-conformant vendor output) is rejected', async () => {
    const { verdict: v } = await verdict('eep/whlishy-nh-deep/', 'eep');
    expect(v).toBe('fail');
  });
});
