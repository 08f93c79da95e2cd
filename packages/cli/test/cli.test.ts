import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../server/test/app.ts';
import { buildFonds, wsRecord } from '../../server/test/catalogue-factory.ts';

const run = promisify(execFile);
const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '../bin/lantai.mjs');
let t: TestApp;
let env: NodeJS.ProcessEnv;
let fondsCode: string;

beforeAll(async () => {
  t = await buildTestApp();
  const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const arch = await signedIn(t, ['archivist']);
  const f = await buildFonds(t.app, arch.headers);
  fondsCode = f.fondsCode;
  for (let i = 0; i < 3; i++) await t.app.inject({ method: 'POST', url: '/api/records', headers: arch.headers, payload: wsRecord(f.categoryId, { title: `关于档案工作的通知${i}` }) });
  const tok = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: arch.headers, payload: { name: 'cli-test', scopes: ['catalogue:read'] } });
  env = { ...process.env, LANTAI_URL: url, LANTAI_TOKEN: tok.json().secret, XDG_CONFIG_HOME: `/tmp/lantai-cli-${process.pid}`, LANG: 'zh_CN.UTF-8' };
});
afterAll(async () => { await t.close(); });

describe('lantai CLI against a running archive', () => {
  it('lists fonds and records as a table and as JSON', async () => {
    const fonds = await run(process.execPath, [bin, 'fonds'], { env });
    expect(fonds.stdout).toContain(fondsCode);
    const recs = await run(process.execPath, [bin, 'records', '--fonds', fondsCode], { env });
    expect(recs.stdout).toContain(`${fondsCode}-WS·2021-Y-BGS-0003`);
    expect(recs.stdout).toContain('共 3 条');
    const js = JSON.parse((await run(process.execPath, [bin, '--json', 'records', '--fonds', fondsCode, '--q', '通知1'], { env })).stdout);
    expect(js.total).toBe(1);
  });

  it('fails with the server error code and a non-zero exit on a bad token', async () => {
    const err = await run(process.execPath, [bin, 'fonds'], { env: { ...env, LANTAI_TOKEN: 'lt_000000000000_' + 'x'.repeat(32) } }).catch((e: { code: number; stderr: string }) => e);
    expect((err as { code: number }).code).toBe(1);
    expect((err as { stderr: string }).stderr).toContain('token_invalid');
  });

  it('saves a login only after the server accepts it', async () => {
    const ok = await run(process.execPath, [bin, 'login', '--url', env.LANTAI_URL!, '--token', env.LANTAI_TOKEN!], { env: { ...env, LANTAI_URL: undefined, LANTAI_TOKEN: undefined } });
    expect(ok.stdout).toContain('config.json');
    const again = await run(process.execPath, [bin, 'fonds'], { env: { ...env, LANTAI_URL: undefined, LANTAI_TOKEN: undefined } });
    expect(again.stdout).toContain(fondsCode);
  });

  it('keeps a person session saved for the same server when a token is saved, and drops one of another server', async () => {
    const home = `/tmp/lantai-cli-${process.pid}-keep`;
    const file = path.join(home, 'lantai', 'config.json');
    const session = { username: 'zhang', cookie: 'sid=abc', csrfToken: 'csrf' };
    const login = () => run(process.execPath, [bin, 'login', '--url', env.LANTAI_URL!, '--token', env.LANTAI_TOKEN!], { env: { ...env, LANTAI_URL: undefined, LANTAI_TOKEN: undefined, XDG_CONFIG_HOME: home } });
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ url: env.LANTAI_URL, session }));
    await login();
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ url: env.LANTAI_URL, token: env.LANTAI_TOKEN, session });
    fs.writeFileSync(file, JSON.stringify({ url: 'http://elsewhere.example:3000', session }));
    await login();
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ url: env.LANTAI_URL, token: env.LANTAI_TOKEN });
    fs.rmSync(home, { recursive: true, force: true });
  });
});
