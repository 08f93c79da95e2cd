import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createUser, signedIn, TEST_PASSWORD, type TestApp } from '../../server/test/app.ts';
import { buildFonds } from '../../server/test/catalogue-factory.ts';
import { carrier, contentBytes, GOOD_A, GOOD_B, NOT_A_PDF } from '../../server/src/modules/transfer/test/transfer.kit.ts';

const exec = promisify(execFile);
const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '../bin/lantai.mjs');
let t: TestApp;
let dir: string;
let url: string;
let fonds: Awaited<ReturnType<typeof buildFonds>>;
const env: Record<'agency' | 'archive', NodeJS.ProcessEnv> = { agency: {}, archive: {} };
let names: Record<'agency' | 'archive', string>;

/** Runs lantai as one side; resolves with the exit code (0, 1 or 2) and the output. */
const lantai = (side: 'agency' | 'archive', ...args: string[]) => exec(process.execPath, [bin, ...args], { env: env[side] })
  .then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));
const json = async (side: 'agency' | 'archive', ...args: string[]) => {
  const r = await lantai(side, '--json', ...args);
  if (r.code !== 0) throw new Error(`lantai ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout);
};

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lantai-cli-transfer-'));
  t = await buildTestApp({ worker: true, env: { LANTAI_DATA_DIR: path.join(dir, 'data') } });
  url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const arch = await signedIn(t, ['archivist']);
  fonds = await buildFonds(t.app, arch.headers);
  const officer = await createUser(t.c, ['records_officer'], { fondsScope: [fonds.fondsCode] });
  names = { agency: officer.username, archive: arch.username };
  // No clamd in this test: the archive switches the virus items off for YJ, as the configuration allows.
  const cfg = await t.app.inject({ method: 'PUT', url: '/api/ingest/config/YJ', headers: arch.headers, payload: { version: 0, items: { 'virus-scanner': { enabled: false, settings: {} }, 'virus-scan': { enabled: false, settings: {} } } } });
  expect(cfg.statusCode, cfg.body).toBe(200);
  for (const side of ['agency', 'archive'] as const) {
    env[side] = { ...process.env, LANTAI_URL: url, LANTAI_TOKEN: undefined, XDG_CONFIG_HOME: path.join(dir, `cfg-${side}`), LANG: 'zh_CN.UTF-8', LANTAI_PASSWORD: TEST_PASSWORD };
    const r = await lantai(side, 'login', '--url', url, '--user', names[side]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`signed in as ${names[side]}`);
  }
  await fs.writeFile(path.join(dir, '移交载体.zip'), carrier([GOOD_A, GOOD_B]));
  await fs.writeFile(path.join(dir, '有问题的载体.zip'), carrier([GOOD_A, NOT_A_PDF]));
}, 120_000);
afterAll(async () => { await t.close(); await fs.rm(dir, { recursive: true, force: true }); });

const create = (title: string, files: string[]) => ['transfer', 'create', '--fonds', fonds.fondsCode, '--category', 'WS', '--title', title, '--from', '测试局办公室', '--to', '测试市档案馆',
  '--years', '2021', '--records', String(files.length), '--files', String(files.length), '--bytes', String(contentBytes(files)), '--default', 'orgCode=BGS'];

describe('lantai transfer against a running archive', () => {
  it('agency creates, uploads a real carrier and submits; the archive checks, accepts and both confirm; the 登记表 downloads intact', { timeout: 300_000 }, async () => {
    const made = await json('agency', ...create('2021年度文书档案移交', [GOOD_A, GOOD_B]));
    expect(made).toMatchObject({ status: 'draft', number: expect.stringMatching(/^YJ-\d{4}-\d{4}$/), declaredRecords: 2, fondsCode: fonds.fondsCode });
    // The same command again is the same 移交单 (the key is derived from the options).
    expect((await json('agency', ...create('2021年度文书档案移交', [GOOD_A, GOOD_B]))).id).toBe(made.id);

    const zip = path.join(dir, '移交载体.zip');
    const sha = createHash('sha256').update(await fs.readFile(zip)).digest('hex');
    const up = await lantai('agency', 'transfer', 'upload', made.id, zip);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toContain(`移交载体.zip  sha256 ${sha}`);
    expect((await json('agency', 'transfer', 'submit', made.id)).status).toBe('submitted');

    const checked = await lantai('archive', 'transfer', 'check', made.id, '--wait');
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
    expect(checked.stdout).toMatch(/状态 \/ status: +checked/);
    expect(checked.stdout).toContain('一致 / match');
    const st = await json('agency', 'transfer', 'status', made.id);
    const runId = st.checks[0].run.id as string;
    expect(['pass', 'warning']).toContain(st.summary.verdict);
    expect(st.links.reports[runId].pdf).toBe(`${url}/api/ingest/runs/${runId}/report.pdf`);
    const text = (await lantai('agency', 'transfer', 'status', made.id)).stdout;
    expect(text).toContain(`报告 / report: ${url}/api/ingest/runs/${runId}/report.pdf`);
    expect(text).toMatch(new RegExp(`移交载体\\.zip +\\d+ +checked +(pass|warning) +2/2`));
    const report = await json('agency', 'transfer', 'report', runId, '-o', path.join(dir, 'report.pdf'));
    expect(report.sha256).toBe(st.checks[0].run.reportPdfSha256);

    // Confirming before the accept is refused as an error (wrong state), exit 1.
    const early = await lantai('agency', 'transfer', 'confirm', made.id, '--side', 'agency');
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('transfer_state');
    const acc = await lantai('archive', 'transfer', 'accept', made.id, '--wait');
    expect(acc.code, acc.stdout + acc.stderr).toBe(0);
    expect(acc.stdout).toMatch(/入库 \/ records: +2/);
    expect((await json('agency', 'transfer', 'confirm', made.id, '--side', 'agency'))).toMatchObject({ status: 'accepted', agencyConfirmedBy: names.agency });
    const done = await json('archive', 'transfer', 'confirm', made.id, '--side', 'archive');
    expect(done).toMatchObject({ status: 'confirmed', archiveConfirmedBy: names.archive, links: { form: `${url}/api/transfers/${made.id}/form.pdf` } });

    const pdf = path.join(dir, 'form.pdf');
    const form = await json('archive', 'transfer', 'form', made.id, '-o', pdf);
    expect(form.sha256).toBe(done.formSha256);
    expect((await fs.readFile(pdf)).subarray(0, 5).toString()).toBe('%PDF-');
    const receipt = await json('agency', 'transfer', 'receipt', made.id);
    expect(receipt.body).toMatchObject({ number: made.number, status: 'confirmed', records: 2, form: { sha256: done.formSha256 } });
    const listed = (await lantai('archive', 'transfer', 'list', '--status', 'confirmed')).stdout;
    expect(listed).toContain(made.number);
  });

  it('a carrier that fails the checks: exit 2 on check and on accept, the archive returns it with a reason, the agency sees it (exit 2)', { timeout: 300_000 }, async () => {
    const made = await json('agency', ...create('有问题的移交', [GOOD_A, NOT_A_PDF]));
    expect((await lantai('agency', 'transfer', 'upload', made.id, path.join(dir, '有问题的载体.zip'))).code).toBe(0);
    // The archive may not submit for the agency: an error (403), exit 1.
    const wrongSide = await lantai('archive', 'transfer', 'submit', made.id);
    expect(wrongSide.code).toBe(1);
    expect(wrongSide.stderr).toContain('forbidden');
    expect((await json('agency', 'transfer', 'submit', made.id)).status).toBe('submitted');

    const checked = await lantai('archive', 'transfer', 'check', made.id, '--wait');
    expect(checked.code).toBe(2);
    expect(checked.stdout).toMatch(/检测结论 \/ verdict: +fail/);
    const refused = await lantai('archive', 'transfer', 'accept', made.id);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('transfer_verdict_fail');
    const ret = await lantai('archive', 'transfer', 'return', made.id, '--reason', 'bad1.pdf 不是 PDF 文件，请更换后重新移交');
    expect(ret.code, ret.stderr).toBe(0);
    const seen = await lantai('agency', 'transfer', 'status', made.id);
    expect(seen.code).toBe(2);
    expect(seen.stdout).toContain('退回理由 / returned: bad1.pdf 不是 PDF 文件，请更换后重新移交');
    expect(await t.c.db.selectFrom('records').select('id').where('category_id', '=', fonds.categoryId).execute()).toHaveLength(2);
  });

  it('without a person\'s session (an API token only) it says how to sign in, exit 1', async () => {
    const r = await exec(process.execPath, [bin, 'transfer', 'list'], { env: { ...env.agency, XDG_CONFIG_HOME: path.join(dir, 'cfg-none'), LANTAI_TOKEN: 'lt_x' } }).catch((e: { code: number; stderr: string }) => e);
    expect((r as { code: number }).code).toBe(1);
    expect((r as { stderr: string }).stderr).toContain('lantai login --url <url> --user <name>');
  });
});
