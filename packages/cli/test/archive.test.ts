import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArchiveClient } from '@lantai/api';
import { buildTestApp, signedIn, type TestApp } from '../../server/test/app.ts';
import { buildFonds } from '../../server/test/catalogue-factory.ts';
import { onePagePdf } from '../../server/src/modules/ingest/test/zip.writer.ts';

const run = promisify(execFile);
const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '../bin/lantai.mjs');
let t: TestApp;
let env: NodeJS.ProcessEnv;
let dir: string;
let fondsCode: string;
let url: string;
let token: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lantai-cli-archive-'));
  t = await buildTestApp({ env: { LANTAI_DATA_DIR: path.join(dir, 'data') } });
  url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const arch = await signedIn(t, ['archivist']);
  const f = await buildFonds(t.app, arch.headers);
  fondsCode = f.fondsCode;
  await t.app.inject({ method: 'PUT', url: '/api/ingest/config/GD', headers: arch.headers, payload: { version: 0, items: { 'virus-scanner': { enabled: false, settings: {} }, 'virus-scan': { enabled: false, settings: {} } } } });
  const tok = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: arch.headers, payload: { name: 'oa-system', scopes: ['archive:write'], fondsScope: [fondsCode] } });
  token = tok.json().secret;
  env = { ...process.env, LANTAI_URL: url, LANTAI_TOKEN: token, XDG_CONFIG_HOME: path.join(dir, 'cfg'), LANG: 'zh_CN.UTF-8' };
  await fs.writeFile(path.join(dir, '通知.pdf'), await onePagePdf('CLI archive test'));
}, 60_000);
afterAll(async () => { await t.close(); await fs.rm(dir, { recursive: true, force: true }); });

const writeMeta = async (name: string, rec: Record<string, unknown>) => {
  const file = path.join(dir, name);
  await fs.writeFile(file, JSON.stringify(rec));
  return file;
};

describe('lantai archive against a running archive', () => {
  it('archives a record with its file, prints the 档号, writes a receipt the server verifies, and replays on a rerun', { timeout: 120_000 }, async () => {
    const meta = await writeMeta('meta.json', { 题名: '关于召开安全生产会议的通知', 责任者: '办公室', 文号: '晋办发〔2021〕77号', 日期: '2021-04-02', 年度: 2021, 保管期限: '定期30年', 机构或问题: 'BGS', 密级: '公开' });
    const receipt = path.join(dir, 'receipt.json');
    const args = [bin, 'archive', '--fonds', fondsCode, '--category', 'WS', '--metadata', meta, '--receipt', receipt, path.join(dir, '通知.pdf')];
    const first = await run(process.execPath, args, { env });
    expect(first.stdout).toContain('已归档 / archived');
    expect(first.stdout).toMatch(new RegExp(`${fondsCode}-WS·2021-D30-BGS-\\d{4}`));
    const saved = JSON.parse(await fs.readFile(receipt, 'utf8'));
    expect(saved.body).toMatchObject({ status: 'accepted', fonds: fondsCode, files: [{ name: '通知.pdf' }] });
    const client = createArchiveClient({ baseUrl: url, token });
    expect(await client.verifyReceipt(saved)).toEqual({ digestOk: true, signatureOk: true, knownSubmission: true });
    const again = JSON.parse((await run(process.execPath, [bin, '--json', ...args.slice(1)], { env })).stdout);
    expect(again).toMatchObject({ replayed: true, status: 'accepted' });
    expect(again.receipt.digest).toEqual(saved.digest);
    const listed = await client.submissions({ idempotencyKey: saved.body.idempotencyKey });
    expect(listed.items).toEqual([expect.objectContaining({ status: 'accepted', archivalCode: saved.body.archivalCode })]);
  });

  it('exits 2 on a rejection (report kept) and 1 with the error code on a refusal', { timeout: 120_000 }, async () => {
    const bad = await writeMeta('bad.json', { 题名: '缺少年度的文件', 保管期限: '永久', 机构或问题: 'BGS', 文号: '晋办发〔2021〕78号' });
    const rejected = await run(process.execPath, [bin, 'archive', '--fonds', fondsCode, '--category', 'WS', '--metadata', bad, path.join(dir, '通知.pdf')], { env }).catch((e: { code: number; stdout: string }) => e);
    expect((rejected as { code: number }).code).toBe(2);
    expect((rejected as { stdout: string }).stdout).toContain('archive_checks_failed');
    const outOfScope = await run(process.execPath, [bin, 'archive', '--fonds', 'ZZZZ', '--category', 'WS', '--metadata', bad, path.join(dir, '通知.pdf')], { env }).catch((e: { code: number; stderr: string }) => e);
    expect((outOfScope as { code: number }).code).toBe(1);
    expect((outOfScope as { stderr: string }).stderr).toContain('archive_fonds_scope');
  });
});
