// The two halves of bench/import.bench.ts that run in their own process: `gen` writes the file, `run` imports it.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { ImportMapping } from '@lantai/api';
import { loadConfig } from '../packages/server/src/config.ts';
import { createContainer } from '../packages/server/src/container.ts';
import type { RequestCtx } from '../packages/server/src/modules/auth/index.ts';
import { WS_TEMPLATE } from '../packages/server/src/modules/scheme/templates.ts';

const HEADER = ['档号', '全宗号', '年度', '保管期限', '机构(问题)', '题名', '责任者', '文号', '日期', '密级', '页数', '备注'];
const ORGS = ['BGS', 'RSK', 'CWK', 'YWK', 'DWB'], RET = ['永久', '定期30年', '定期10年'], RC = ['Y', 'D30', 'D10'];
const TOPICS = ['开展安全生产大检查', '做好防汛工作', '编制部门预算', '推进政务服务', '加强档案数字化', '优化营商环境'];

/** Row i: 35 years × 3 retentions × 5 机构 like a county archive; with codes, numbered within each class. */
function row(i: number, codes: boolean): (string | number)[] {
  const y = 1990 + (i % 35), r = Math.floor(i / 35) % 3, o = ORGS[Math.floor(i / 105) % 5]!, no = Math.floor(i / 525) + 1;
  const code = codes ? `B001-WS·${y}-${RC[r]}-${o}-${String(no).padStart(4, '0')}` : '';
  return [code, 'B001', y, RET[r]!, o, `关于${TOPICS[i % 6]}的通知（${i}）`, '基准测试单位', `基准〔${y}〕${i}号`,
    `${y}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`, i % 10 === 0 ? '内部' : '公开', 1 + (i % 30), i % 7 === 0 ? '原件破损' : ''];
}

async function gen(format: string, n: number, file: string, codes: boolean) {
  if (format === 'csv') {
    const out = fs.createWriteStream(file);
    const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
    await write(`${HEADER.join(',')}\n`);
    let buf = '';
    for (let i = 0; i < n; i++) {
      buf += `${row(i, codes).join(',')}\n`;
      if (buf.length > 1 << 20) { await write(buf); buf = ''; }
    }
    await write(buf);
    await new Promise((r) => out.end(r));
    return;
  }
  // As Excel saves it: strings in the shared-strings table.
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: false });
  const ws = wb.addWorksheet('目录');
  ws.addRow(HEADER).commit();
  for (let i = 0; i < n; i++) ws.addRow(row(i, codes)).commit();
  ws.commit();
  await wb.commit();
}

async function run(format: string, file: string, url: string, dataDir: string, mode: string) {
  const c = await createContainer(loadConfig({ DATABASE_URL: url, LANTAI_DATA_DIR: dataDir, LANTAI_DEMO: 'false', LOG_LEVEL: 'warn' }), url, () => {});
  await c.jobs.work(c.jobDefinitions);
  const f = await c.db.insertInto('fonds').values({ code: 'B001', name: '基准测试全宗', agency: '基准测试单位' }).returning('id').executeTakeFirstOrThrow();
  const cat = await c.db.insertInto('categories').values({ fonds_id: f.id, code: 'WS', name: '文书', mode: 'item' }).returning('id').executeTakeFirstOrThrow();
  await c.db.insertInto('schemes').values({ category_id: cat.id, version: 1, status: 'approved', body: JSON.stringify(WS_TEMPLATE), created_by: 'bench', approved_by: 'bench', approved_at: new Date() }).execute();
  const u = await c.db.insertInto('users').values({ username: 'bench', display_name: 'bench', password_hash: 'x', roles: ['archivist'], clearance: 'juemi' }).returning('id').executeTakeFirstOrThrow();
  const ctx: RequestCtx = { actor: { kind: 'user', userId: u.id, username: 'bench', roles: ['archivist'], clearance: 'juemi', fondsScope: [], sessionId: 'bench', csrfToken: 'x' }, requestId: 'bench', ip: '127.0.0.1' };
  const svc = c.catalogueIo.imports;
  const tmp = path.join(dataDir, 'upload.tmp');
  fs.mkdirSync(dataDir, { recursive: true });
  fs.copyFileSync(file, tmp);
  const imp = await svc.register({ tmpPath: tmp, filename: path.basename(file), categoryId: cat.id }, ctx);
  const preview = await svc.preview(imp.id, undefined, ctx);
  const keepCodes = mode === 'fail';
  const cpu0 = process.cpuUsage();
  let t = Date.now();
  const v = await svc.startValidate(imp.id, { mapping: preview.suggestedMapping as ImportMapping, keepCodes, allowSuspectText: false, saveTemplate: false }, ctx);
  await c.jobs.waitFor(v.jobId, 3_600_000);
  const validateMs = Date.now() - t;
  let after = await svc.get(imp.id, ctx);
  console.log(`validated: ${after.totalRows} rows, ${after.errorCount} errors, status ${after.status}`);
  if (keepCodes) {
    // Someone catalogues by hand, between validation and commit, the 档号 that the row 90% in carries.
    const at = Math.floor(after.totalRows * 0.9);
    const y = 1990 + (at % 35), r = Math.floor(at / 35) % 3, o = ORGS[Math.floor(at / 105) % 5]!, no = Math.floor(at / 525) + 1;
    const code = `B001-WS·${y}-${RC[r]}-${o}-${String(no).padStart(4, '0')}`;
    const s = await c.db.selectFrom('schemes').select('id').where('category_id', '=', cat.id).executeTakeFirstOrThrow();
    await c.db.insertInto('records').values({ fonds_id: f.id, category_id: cat.id, scheme_id: s.id, kind: 'item', archival_code: code, counter_key: `${cat.id}:collision`, seq_no: 1,
      title: '手工著录', year: y, retention: RC[r]!, created_by: 'bench' } as never).execute();
    console.log(`collision planted at data row ${at + 1} (sheet row ${at + 2}): ${code}`);
  }
  t = Date.now();
  const k = await svc.startCommit(imp.id, ctx);
  // Where the import's own PostgreSQL session spends the commit: CPU (from /proc) and sampled wait events.
  const waits = new Map<string, number>();
  let pgCpuMs = 0;
  const sampler = setInterval(() => {
    void c.db.selectFrom('pg_stat_activity' as never).select(['pid', 'wait_event_type', 'wait_event', 'state'] as never).where('application_name' as never, '=', 'lantai-import' as never).execute().then((rows) => {
      for (const r of rows as { pid: number; wait_event_type: string | null; wait_event: string | null; state: string }[]) {
        const key = r.wait_event ? `${r.wait_event_type}:${r.wait_event}` : r.state === 'active' ? 'CPU' : r.state;
        waits.set(key, (waits.get(key) ?? 0) + 1);
        try {
          const f = fs.readFileSync(`/proc/${r.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
          pgCpuMs = (Number(f[11]) + Number(f[12])) * 10;
        } catch { /* another host */ }
      }
    }, () => undefined);
  }, 250);
  await c.jobs.waitFor(k.jobId, 3_600_000);
  clearInterval(sampler);
  const commitMs = Date.now() - t;
  console.log(`commit session: PostgreSQL CPU ${(pgCpuMs / 1000).toFixed(1)} s of ${(commitMs / 1000).toFixed(1)} s; samples ${JSON.stringify(Object.fromEntries([...waits].sort((a, b) => b[1] - a[1])))}`);
  after = await svc.get(imp.id, ctx);
  const cpu = process.cpuUsage(cpu0);
  const n = await c.db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).where('created_by', '=', 'bench').executeTakeFirstOrThrow();
  const counters = await c.db.selectFrom('item_counters').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  await c.close();
  const out = { rows: after.totalRows, validateMs, commitMs, status: after.status, failure: after.failure, committed: Number(n.n) - (keepCodes ? 1 : 0), counters: Number(counters.n),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), cpuMs: Math.round((cpu.user + cpu.system) / 1000) };
  if (after.failure) console.log(`commit failed as planned: row ${(after.failure as { row: number }).row}, ${(after.failure as { zh: string }).zh}`);
  console.log(JSON.stringify(out));
}

const [cmd, ...a] = process.argv.slice(2);
if (cmd === 'gen') await gen(a[0]!, Number(a[1]), a[2]!, a[3] === 'codes');
else await run(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!);
process.exit(0);
