import { Command } from 'commander';
import { ApiError, createClient } from '@lantai/api';
import { readConfig, writeConfig } from './config.ts';
import { progressLine, table } from './output.ts';
import { registerArchive } from './commands/archive.ts';
import { registerTransfer } from './commands/transfer.ts';
import { loginAsUser } from './session.ts';

/** lantai: remote use of a Lantai archive through its API (an API token; see 工作台 → API 令牌). */
const program = new Command('lantai').description('兰台 Lantai command line (remote, via the API)').option('--json', 'print JSON instead of tables');
const client = () => {
  const c = readConfig();
  return createClient({ baseUrl: c.url, token: c.token, lang: process.env.LANG?.startsWith('zh') ? 'zh' : 'en' });
};
const json = () => program.opts().json as boolean | undefined;
const out = (data: unknown, text: () => string) => console.log(json() ? JSON.stringify(data, null, 2) : text());

program.command('login').description('save the archive URL and an API token, or sign in as a person (--user: for 移交 transfers)').requiredOption('--url <url>')
  .option('--token <token>').option('--user <name>', 'sign in with your account (password: --password-stdin, LANTAI_PASSWORD or a prompt)').option('--password-stdin')
  .action(async (o: { url: string; token?: string; user?: string; passwordStdin?: boolean }) => {
    if (o.user) {
      const s = await loginAsUser({ url: o.url, user: o.user, passwordStdin: o.passwordStdin });
      console.log(`已登录 / signed in as ${s.username} (${s.roles.join(', ')})${s.mustChangePassword ? ' — 请先在工作台修改密码 / change your password in the workbench first' : ''}; saved to ${s.file}`);
      return;
    }
    if (!o.token) throw new Error('--token or --user is required');
    const c = createClient({ baseUrl: o.url, token: o.token });
    await c.health();
    await c.fonds.list();
    // A person's session saved for the same server (lantai login --user) stays beside the token.
    const before = readConfig({ ...process.env, LANTAI_URL: undefined, LANTAI_TOKEN: undefined });
    console.log(`saved to ${writeConfig({ url: o.url, token: o.token, session: before.url === o.url ? before.session : undefined })}`);
  });

program.command('health').description('server health').action(async () => out(await client().health(), () => 'ok'));

program.command('fonds').description('list fonds (全宗)').action(async () => {
  const r = await client().fonds.list();
  out(r, () => table(r.items, [['code', '全宗号'], ['name', '全宗名称'], ['startYear', '起始年度'], ['recordCount', '条目数']]));
});

program.command('records').description('list records (档案目录)').option('--fonds <code>').option('--category <id>').option('--year <n>').option('--q <text>').option('--limit <n>', '', '50')
  .action(async (o: { fonds?: string; category?: string; year?: string; q?: string; limit: string }) => {
    const c = client();
    const fondsId = o.fonds ? (await c.fonds.list()).items.find((f) => f.code === o.fonds)?.id : undefined;
    if (o.fonds && !fondsId) throw new Error(`no fonds ${o.fonds}`);
    const r = await c.records.list({ fondsId, categoryId: o.category, year: o.year ? Number(o.year) : undefined, q: o.q, limit: Number(o.limit) });
    out(r, () => `${table(r.items, [['archivalCode', '档号'], ['docNumber', '文号'], ['title', '题名'], ['docDate', '日期'], ['status', '状态']])}\n共 ${r.total} 条 / ${r.total} records`);
  });

program.command('job').description('follow a background job until it ends').argument('<id>').action(async (id: string) => {
  const tty = process.stdout.isTTY;
  const j = await client().jobs.wait(id, (x) => (tty ? process.stdout.write('\r' + progressLine(x)) : undefined));
  if (tty) process.stdout.write('\n');
  out(j, () => progressLine(j));
  if (j.state !== 'completed') process.exitCode = 2;
});

registerArchive(program, () => {
  const c = readConfig();
  return { baseUrl: c.url, token: c.token, lang: process.env.LANG?.startsWith('zh') ? 'zh' : 'en' };
}, out);

registerTransfer(program, () => {
  const c = readConfig();
  return c.session ? { baseUrl: c.url, session: c.session, lang: process.env.LANG?.startsWith('zh') ? 'zh' : 'en' } : null;
}, out);

program.parseAsync().catch((e: unknown) => {
  if (e instanceof ApiError) console.error(`错误 / error ${e.status} ${e.code}: ${e.message}${e.issues ? '\n' + e.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n') : ''}`);
  else console.error(`错误 / error: ${(e as Error).message}`);
  process.exit(1);
});
