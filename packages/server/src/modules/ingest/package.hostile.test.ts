import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { CHECKS } from './checks/index.ts';
import { openPackage } from './package.open.ts';
import { runChecks, verdictOf } from './runner.ts';
import { transfer2012, zipBuffer, type ZipEntry } from './test/zip.writer.ts';

const work = await fs.mkdtemp(path.join(os.tmpdir(), 'ingest-hostile-'));
afterAll(async () => { await fs.rm(work, { recursive: true, force: true }); });
const checks = CHECKS.filter((c) => !c.id.startsWith('virus'));
let n = 0;

async function open(entries: ZipEntry[] | Buffer, limits?: NonNullable<Parameters<typeof openPackage>[2]>['limits'], filename = 'p.zip') {
  const dir = path.join(work, `case-${++n}`);
  await fs.mkdir(dir);
  const file = path.join(dir, 'upload.part');
  await fs.writeFile(file, Buffer.isBuffer(entries) ? entries : zipBuffer(entries));
  const workDir = path.join(dir, 'work');
  const pkg = await openPackage({ kind: 'file', file, filename }, workDir, { limits });
  const items = await runChecks({ checks, pkg, stage: 'GD', config: {}, services: {}, signal: new AbortController().signal });
  return { pkg, items, verdict: verdictOf(items), workDir };
}
const structureFail = (items: Awaited<ReturnType<typeof open>>['items'], code: string) =>
  items.find((i) => i.checkId === 'package-structure' && i.outcome === 'fail' && i.evidence.code === code);

describe('hostile zips are refused whole, with a failing structure item, and nothing is left outside the work folder', () => {
  it('zip slip (../)', async () => {
    const r = await open([{ name: 'a.txt', data: 'ok' }, { name: '../../evil.txt', data: 'x' }]);
    expect(structureFail(r.items, 'unsafe_path')).toBeTruthy();
    expect(r.verdict).toBe('fail');
    expect(existsSync(path.join(r.workDir, '..', '..', 'evil.txt'))).toBe(false);
    expect(existsSync(path.join(r.workDir, 'pkg'))).toBe(false);
  });
  it('absolute paths and drive letters', async () => {
    expect(structureFail((await open([{ name: '/etc/passwd-copy', data: 'x' }])).items, 'unsafe_path')).toBeTruthy();
    expect(structureFail((await open([{ name: 'C:\\Windows\\x.txt', data: 'x' }])).items, 'unsafe_path')).toBeTruthy();
  });
  it('symlink entries', async () => {
    const r = await open([{ name: 'link', data: '/etc/passwd', mode: 0o120777 }]);
    expect(structureFail(r.items, 'symlink_entry')).toBeTruthy();
  });
  it('zip bomb by ratio (10 MB of zeros deflates ~1000:1)', async () => {
    const r = await open([{ name: 'zeros.bin', data: Buffer.alloc(10 * 1024 * 1024) }]);
    expect(structureFail(r.items, 'zip_bomb')?.evidence).toMatchObject({ entry: 'zeros.bin' });
  });
  it('zip bomb by absolute size, and too many entries', async () => {
    const big = await open([{ name: 'a.bin', data: Buffer.alloc(3000), store: true }], { maxEntries: 100, maxTotalBytes: 2048, maxRatio: 200 });
    expect(structureFail(big.items, 'zip_bomb')).toBeTruthy();
    const many = await open(Array.from({ length: 20 }, (_, i) => ({ name: `f${i}.txt`, data: 'x' })), { maxEntries: 10, maxTotalBytes: 1e9, maxRatio: 200 });
    expect(structureFail(many.items, 'too_many_entries')).toBeTruthy();
  });
  it('NFC/NFD twins', async () => {
    const r = await open([{ name: 'Nu\u0301n\u0303ez.txt', data: 'a' }, { name: 'Núñez.txt', data: 'b' }]);
    expect(structureFail(r.items, 'name_twins')).toBeTruthy();
  });
  it('not a zip (a tar.gz) is a clean unsupported-package failure', async () => {
    const r = await open(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]));
    expect(structureFail(r.items, 'unsupported_package')).toBeTruthy();
  });
});

describe('odd but legal packages', () => {
  it('GBK-encoded entry names (no UTF-8 flag) are decoded and flagged; nested archives are flagged, not opened', async () => {
    const r = await open([{ name: iconv.encode('文书/关于年度工作的通知.txt', 'gbk'), utf8: false, data: 'x' }, { name: 'inner.zip', data: zipBuffer([{ name: 'x.txt', data: 'y' }]) }]);
    expect(r.pkg.files.map((f) => f.path).sort()).toEqual(['inner.zip', '文书/关于年度工作的通知.txt']);
    expect(r.items.some((i) => i.evidence.code === 'gbk_name' && i.outcome === 'warning')).toBe(true);
    expect(r.items.some((i) => i.checkId === 'package-usability' && i.evidence.code === 'nested_archive')).toBe(true);
  });
  it('digests are computed while extracting (MD5, SHA-256, SM3)', async () => {
    const r = await open([{ name: 'abc.txt', data: 'abc' }]);
    expect(r.pkg.files[0]!.digests).toEqual({
      md5: '900150983cd24fb0d6963f7d28e17f72', sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      sm3: '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
    });
  });
  it('a 2012 carrier with a 10 MB 题名 fails the length item and keeps the report small', async () => {
    // Stored, not deflated: 30 MB of one character would (rightly) trip the zip-bomb ratio first.
    const r = await open(transfer2012([{ title: '长'.repeat(10_000_000), date: '20210315', file: 'a.txt', data: 'x' }]).map((e) => ({ ...e, store: true })));
    const len = r.items.find((i) => i.checkId === 'metadata-length' && i.outcome === 'fail');
    expect(len?.evidence).toMatchObject({ field: 'title', length: 10_000_000 });
    expect(JSON.stringify(r.items).length).toBeLessThan(100_000);
  });
  it('a 2012 carrier: declared count, year vs date, duplicates in the package', async () => {
    const r = await open(transfer2012([
      { title: '通知一', date: '20210315', file: 'a.txt', data: 'a' }, { title: '通知一', date: '20200101', file: 'b.txt', data: 'b' },
    ], { declaredCount: 3 }));
    expect(r.pkg.layout).toBe('transfer2012');
    expect(r.pkg.records.map((x) => x.metadata.retention)).toEqual(['Y', 'Y']);
    expect(r.items.find((i) => i.checkId === 'totals-count')).toMatchObject({ outcome: 'fail', evidence: { declared: 3, actual: 2 } });
    expect(r.items.some((i) => i.checkId === 'duplicates' && i.outcome === 'warning' && i.evidence.field === 'title')).toBe(true);
  });
});

describe('hostile XML: XXE and billion laughs fail cleanly', () => {
  const eep = (doctype: string, body: string) => `<?xml version="1.0"?>${doctype}<电子文件封装包 xmlns="http://www.saac.gov.cn/standards/ERM/encapsulation"><被签名对象><封装内容><文件实体块><文件实体><内容描述><题名>${body}</题名></内容描述></文件实体></文件实体块></封装内容></被签名对象></电子文件封装包>`;
  it('XXE (external entity to /etc/passwd) is refused without reading the file', async () => {
    const r = await open(Buffer.from(eep('<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', '&xxe;')), undefined, 'x.eep');
    expect(r.pkg.layout).toBe('eep');
    expect(structureFail(r.items, 'xml_doctype')).toBeTruthy();
    expect(JSON.stringify(r.items)).not.toContain('root:');
  });
  it('billion laughs is refused in milliseconds, not expanded', async () => {
    const lol = `<!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>`;
    const t0 = Date.now();
    const r = await open(Buffer.from(eep(lol, '&lol9;')), undefined, 'bomb.eep');
    expect(structureFail(r.items, 'xml_doctype')).toBeTruthy();
    expect(Date.now() - t0).toBeLessThan(30_000);
  });
  it('an undeclared entity without a DOCTYPE is simply malformed XML', async () => {
    const r = await open(Buffer.from(eep('', '&nope;')), undefined, 'bad.eep');
    expect(structureFail(r.items, 'xml_malformed')).toBeTruthy();
  });
});
