import { createHash } from 'node:crypto';
import { createReadStream, openAsBlob } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { ApiError, createTransferClient, type TransferClient, type TransferClientOptions, type TransferDetail } from '@lantai/api';
import { describeTransfer, refused, REFUSAL_CODES } from './transfer.output.ts';

type Out = (data: unknown, text: () => string) => void;
const DEFAULT_FIELDS = new Set(['year', 'retention', 'security', 'responsible', 'orgCode', 'openStatus']);

async function sha256Of(file: string) {
  const h = createHash('sha256');
  for await (const c of createReadStream(file)) h.update(c as Buffer);
  return h.digest('hex');
}

/** field=value pairs for the record fields a package leaves out (year is a number). */
function parseDefaults(pairs: string[] = []) {
  const d: Record<string, string | number> = {};
  for (const p of pairs) {
    const [k, ...v] = p.split('=');
    if (!k || !v.length || !DEFAULT_FIELDS.has(k)) throw new Error(`--default ${p}: expected one of ${[...DEFAULT_FIELDS].join(', ')} as field=value`);
    d[k] = k === 'year' ? Number(v.join('=')) : v.join('=');
  }
  return d;
}

const years = (s: string) => {
  const m = /^(\d{4})(?:-(\d{4}))?$/.exec(s);
  if (!m) throw new Error(`--years ${s}: expected YYYY or YYYY-YYYY`);
  return { yearFrom: Number(m[1]), yearTo: Number(m[2] ?? m[1]) };
};
const int = (name: string, s: string) => {
  if (!/^\d+$/.test(s)) throw new Error(`--${name} ${s}: expected a whole number`);
  return Number(s);
};

/**
 * `lantai transfer`: 移交接收 from the command line, signed in as a person (lantai login --user; tokens are refused).
 * The agency: create, upload, submit, status, confirm. The archive: check, accept, return --reason, confirm, form.
 * Exit status: 0 done; 2 refused — the transfer is returned, its checks failed or its totals differ, or the archive
 * refused to accept it for that reason; 1 any other error (the stable error code is printed).
 */
export function registerTransfer(program: Command, options: () => TransferClientOptions | null, out: Out) {
  const client = () => {
    const o = options();
    if (!o) throw new Error('移交需以本人账号登录 / transfers need a person\'s session: lantai login --url <url> --user <name>');
    return createTransferClient(o);
  };
  const show = (c: TransferClient, t: TransferDetail) => {
    out({ ...t, links: c.links(t) }, () => describeTransfer(t, c.links(t)));
    if (refused(t)) process.exitCode = 2;
  };
  /** Runs a subcommand; a refusal by the archive (checks failed, totals differ) is exit 2, not an error. */
  const action = <A extends unknown[]>(fn: (c: TransferClient, ...a: A) => Promise<void>) => async (...a: A) => {
    try {
      await fn(client(), ...a);
    } catch (e) {
      if (!(e instanceof ApiError) || !REFUSAL_CODES.has(e.code)) throw e;
      console.error(`拒绝 / refused ${e.status} ${e.code}: ${e.message}`);
      process.exitCode = 2;
    }
  };
  const version = async (c: TransferClient, id: string, given?: string) => (given ? int('version', given) : (await c.get(id)).version);
  const waitWhile = (c: TransferClient, id: string, busy: string[]) => c.waitFor(id, (t) => !busy.includes(t.status), undefined, 500);

  const tr = program.command('transfer').description('移交接收: transfers from an agency to the archive (sign in with lantai login --user)')
    .addHelpText('after', '\nExit status: 0 done; 2 refused (returned, checks failed or totals differ, accept refused for that); 1 any other error.');
  tr.command('list').description('list transfers').option('--status <status>').option('--q <text>', 'number or title contains').option('--limit <n>', '', '50')
    .action(action(async (c, o: { status?: string; q?: string; limit: string }) => {
      const r = await c.list({ status: o.status as never, q: o.q, limit: int('limit', o.limit) });
      out(r, () => `${r.items.map((t) => `${t.number}  ${t.status.padEnd(10)} ${t.fondsCode}-${t.categoryCode} ${t.yearFrom}–${t.yearTo}  ${t.title}  ${t.id}`).join('\n')}\n共 ${r.total} 条 / ${r.total} transfers`);
    }));
  tr.command('create').description('agency: create a 移交单 (the same options again return the same one)')
    .requiredOption('--fonds <code>', '全宗号').requiredOption('--category <code>', '门类代码, e.g. WS').requiredOption('--title <text>', '交接工作名称')
    .requiredOption('--from <unit>', '移交单位').requiredOption('--to <unit>', '接收单位').requiredOption('--years <YYYY[-YYYY]>', '年度')
    .requiredOption('--records <n>', '移交件数').requiredOption('--files <n>', '移交文件数').requiredOption('--bytes <n>', '移交数据量（字节）')
    .option('--description <text>', '内容描述', '').option('--default <field=value...>', 'record fields for records whose metadata leaves them out (year, retention, security, responsible, orgCode, openStatus)')
    .option('--key <key>', 'idempotency key (default: derived from the options)')
    .action(action(async (c, o: { fonds: string; category: string; title: string; from: string; to: string; years: string; records: string; files: string; bytes: string; description: string; default?: string[]; key?: string }) => {
      const cat = await c.category(o.fonds, o.category);
      const body = {
        title: o.title, description: o.description, transferringUnit: o.from, receivingUnit: o.to, categoryId: cat.id, ...years(o.years),
        declaredRecords: int('records', o.records), declaredFiles: int('files', o.files), declaredBytes: int('bytes', o.bytes), defaults: parseDefaults(o.default),
      };
      const key = o.key ?? `cli-${createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 40)}`;
      show(c, await c.create({ ...body, idempotencyKey: key }));
    }));
  tr.command('upload').description('agency: upload packages (chunked, resumable) and attach them to the 移交单').argument('<id>').argument('<packages...>')
    .action(action(async (c, id: string, files: string[]) => {
      let t = await c.get(id);
      for (const file of files) {
        const sha256 = await sha256Of(file);
        const tty = process.stderr.isTTY;
        const up = await c.upload({ name: path.basename(file), data: await openAsBlob(file), sha256 }, `cli-${sha256.slice(0, 40)}-${id.slice(0, 8)}`, {
          onProgress: (sent, size) => { if (tty) process.stderr.write(`\r${path.basename(file)} ${Math.floor((100 * sent) / size)}%`); },
        });
        if (tty) process.stderr.write('\n');
        t = await c.attach(id, t.version, up.id);
      }
      show(c, t);
    }));
  tr.command('detach').description('agency: take a package off a draft or returned 移交单').argument('<id>').argument('<packageId>').option('--version <n>')
    .action(action(async (c, id: string, pkg: string, o: { version?: string }) => show(c, await c.detach(id, await version(c, id, o.version), pkg))));
  tr.command('submit').description('agency: submit the 移交单 to the archive').argument('<id>').option('--version <n>')
    .action(action(async (c, id: string, o: { version?: string }) => show(c, await c.submit(id, await version(c, id, o.version)))));
  tr.command('status').description('the 移交单: totals, verdict, each package\'s check result and report link, 登记表, confirmations').argument('<id>')
    .option('--wait', 'wait while checks or the accept are running')
    .action(action(async (c, id: string, o: { wait?: boolean }) => show(c, o.wait ? await waitWhile(c, id, ['checking', 'accepting']) : await c.get(id))));
  tr.command('check').description('archive: run the 移交接收 (YJ) checks, one run per package (again, after a failed run)').argument('<id>').option('--version <n>').option('--wait', 'wait for the verdict')
    .action(action(async (c, id: string, o: { version?: string; wait?: boolean }) => {
      const t = await c.check(id, await version(c, id, o.version));
      show(c, o.wait ? await waitWhile(c, id, ['checking']) : t);
    }));
  tr.command('accept').description('archive: accept every package in one transaction (a job); the 登记表 is issued').argument('<id>').option('--version <n>').option('--wait', 'wait until accepted')
    .action(action(async (c, id: string, o: { version?: string; wait?: boolean }) => {
      let t = await c.accept(id, await version(c, id, o.version));
      if (o.wait) t = await waitWhile(c, id, ['accepting']);
      show(c, t);
      if (o.wait && t.status !== 'accepted') process.exitCode = 1;
    }));
  tr.command('return').description('archive: return the 移交单 to the agency with the reason (nothing is accepted, reports stay)').argument('<id>')
    .requiredOption('--reason <text>', '退回理由').option('--version <n>')
    .action(action(async (c, id: string, o: { reason: string; version?: string }) => {
      const t = await c.giveBack(id, await version(c, id, o.version), o.reason);
      out({ ...t, links: c.links(t) }, () => describeTransfer(t, c.links(t)));
    }));
  tr.command('confirm').description('confirm the accepted transfer\'s 登记表 for your side').argument('<id>').requiredOption('--side <side>', 'agency (移交单位) or archive (接收单位)').option('--version <n>')
    .action(action(async (c, id: string, o: { side: string; version?: string }) => {
      if (o.side !== 'agency' && o.side !== 'archive') throw new Error('--side agency or --side archive');
      show(c, await c.confirm(id, o.side, await version(c, id, o.version)));
    }));
  for (const [name, what] of [['form', '登记表 PDF'], ['report', 'check run report PDF (give the run id)']] as const) {
    tr.command(name).description(`download the ${what}, checked against its SHA-256`).argument('<id>').option('-o, --output <file>')
      .action(action(async (c, id: string, o: { output?: string }) => {
        const f = name === 'form' ? await c.form(id) : await c.report(id);
        const got = createHash('sha256').update(f.bytes).digest('hex');
        if (f.sha256 && got !== f.sha256) throw new Error(`SHA-256 mismatch: got ${got}, the server states ${f.sha256}`);
        const file = o.output ?? (name === 'form' ? `transfer-form-${id}.pdf` : `ingest-report-${id}.pdf`);
        await fs.writeFile(file, f.bytes);
        out({ file, sha256: got, size: f.bytes.length }, () => `${file}  ${f.bytes.length} B  sha256 ${got}`);
      }));
  }
  tr.command('receipt').description('the signed receipt of an accepted transfer').argument('<id>').option('-o, --output <file>')
    .action(action(async (c, id: string, o: { output?: string }) => {
      const r = await c.receipt(id);
      if (o.output) await fs.writeFile(o.output, JSON.stringify(r, null, 2) + '\n');
      out(r, () => `${r.body.number}  ${r.body.status}  ${r.body.records} 件 / records  SM3 ${r.digest.value}  (${r.signature.alg} ${r.signature.keyId})`);
    }));
}
