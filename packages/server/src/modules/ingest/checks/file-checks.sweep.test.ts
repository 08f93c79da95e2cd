import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckDefinition, PackageFile } from './check.types.js';
import { formatCheck } from './format.check.js';
import { readabilityCheck } from './readability.check.js';
import { signatureCheck } from './signature.check.js';
import { xmlWellFormedCheck } from './xml-schema.check.js';
import { ctxOf, fileOf, leftInPrivateTmp, pkgOf, TESTDATA, tempDir } from '../analyzers/test-support.js';

// Robustness: every file of the outside corpus, and bit-flipped / truncated copies of the PDFs, OFDs and images,
// go through the file-level checks. None may throw or end in 'analyzer.error'; every file gets a verdict.

const tmp = tempDir();
afterAll(() => tmp.remove());

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && fs.statSync(p).size <= 600_000) out.push(p);
  }
  return out;
}

async function sweep(checks: CheckDefinition[], files: PackageFile[], xml: PackageFile[] = []) {
  for (const check of checks) {
    const rows = await check.run(ctxOf(pkgOf(files, xml), { timeoutMs: 20_000 }));
    const summary = rows[0]!;
    const n =
      Number(summary.evidence.pass) + Number(summary.evidence.warning) + Number(summary.evidence.fail) + Number(summary.evidence.skipped);
    expect(n, check.id).toBe(check.id.startsWith('xml') ? xml.length : files.length);
    expect(
      rows.filter((r) => r.evidence.code === 'analyzer.error').map((r) => `${r.subject}: ${r.en}`),
      check.id,
    ).toEqual([]);
  }
}

describe('file-level checks over hostile and odd input', () => {
  it('every file of ../shared/testdata (up to 600 KB) gets a verdict from each check, without an exception', async () => {
    const all = walk(TESTDATA).map((p) => fileOf(p, undefined, path.relative(TESTDATA, p)));
    expect(all.length).toBeGreaterThan(900);
    const xml = all.filter((f) => /\.(xml|xsd|eep)$/i.test(f.path));
    const left = await leftInPrivateTmp(() => sweep([formatCheck, readabilityCheck, signatureCheck, xmlWellFormedCheck], all, xml));
    expect(left).toEqual([]);
  }, 600_000);

  it('bit-flipped and truncated PDFs, OFDs, JPEGs, PNGs and TIFFs never make a check throw', async () => {
    const seeds = walk(TESTDATA).filter((p) => /\.(pdf|ofd|jpe?g|png|tif|esl)$/i.test(p) && fs.statSync(p).size < 400_000);
    const rnd = crypto.createHash('sha256');
    let n = 0;
    const files: PackageFile[] = [];
    for (const seed of seeds.slice(0, 24)) {
      const data = fs.readFileSync(seed);
      for (let k = 0; k < 3; k++) {
        const copy = Buffer.from(data);
        const h = rnd.update(`${seed}${k}`).copy().digest();
        if (k === 2) {
          files.push(fileOf(tmp.put(`m${n++}${path.extname(seed)}`, copy.subarray(0, h.readUInt32LE(0) % copy.length))));
          continue;
        }
        for (let i = 0; i < 8; i++) copy[h.readUInt32LE(i * 4) % copy.length]! ^= 1 << (h[i]! % 8);
        files.push(fileOf(tmp.put(`m${n++}${path.extname(seed)}`, copy)));
      }
    }
    await sweep([formatCheck, readabilityCheck, signatureCheck], files);
  }, 600_000);
});
