import { createHash } from 'node:crypto';
import { createReadStream, openAsBlob } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { createArchiveClient, type ArchiveResult, type ClientOptions } from '@lantai/api';

interface ArchiveOptions { fonds?: string; category?: string; metadata: string; key?: string; receipt?: string }

async function digestsOf(file: string) {
  const sha256 = createHash('sha256');
  const sm3 = createHash('sm3');
  let size = 0;
  for await (const c of createReadStream(file)) {
    size += (c as Buffer).length;
    sha256.update(c as Buffer);
    sm3.update(c as Buffer);
  }
  return { size, sha256: sha256.digest('hex'), sm3: sm3.digest('hex') };
}

/** The request as sent: metadata.json may be the whole request ({fonds, category, record, files}) or only the DA/T 46 elements. */
export async function buildRequest(o: ArchiveOptions, files: string[]) {
  const raw = JSON.parse(await fs.readFile(o.metadata, 'utf8')) as Record<string, unknown>;
  const whole = typeof raw.record === 'object' && raw.record !== null;
  const record = (whole ? raw.record : raw) as Record<string, string | number>;
  const fonds = o.fonds ?? (whole ? (raw.fonds as string | undefined) : undefined);
  const category = o.category ?? (whole ? (raw.category as string | undefined) : undefined);
  if (!fonds || !category) throw new Error('--fonds and --category are required (or fonds/category in the metadata file)');
  if (!files.length) throw new Error('no files given');
  const declared = (whole && Array.isArray(raw.files) ? raw.files : []) as { name: string }[];
  const decl = await Promise.all(files.map(async (f) => {
    const name = path.basename(f);
    return { ...declared.find((d) => d.name === name), name, ...(await digestsOf(f)) };
  }));
  const metadata = { fonds, category, record, files: decl };
  // Without --key the key is derived from the content: running the same command again replays, never duplicates.
  const key = o.key ?? `cli-${createHash('sha256').update(JSON.stringify(metadata)).digest('hex').slice(0, 40)}`;
  return { metadata, key, blobs: await Promise.all(files.map(async (f) => ({ name: path.basename(f), data: await openAsBlob(f) }))) };
}

export const describeResult = (r: ArchiveResult) => [
  `${r.status === 'accepted' ? '已归档 / archived' : '已退回 / rejected'}${r.replayed ? '（重放 / replayed）' : ''}${r.code ? `  ${r.code}: ${r.message}` : ''}`,
  `档号 / archival code: ${r.receipt.body.archivalCode ?? '—'}`,
  `档案 / record: ${r.receipt.body.recordId ?? '—'}`,
  `检测结论 / verdict: ${r.receipt.body.verdict}`,
  `检测报告 / report: ${r.links.reportPdf}`,
  `回执摘要 / receipt SM3: ${r.receipt.digest.value} (${r.receipt.signature.alg} ${r.receipt.signature.keyId})`,
  ...(r.issues ?? []).map((i) => `  ${i.path}: ${i.message}`),
].join('\n');

/** `lantai archive`: 单套制 归档 of one record with its files; exit 0 archived, 2 rejected (report kept), 1 on errors. */
export function registerArchive(program: Command, options: () => ClientOptions, out: (data: unknown, text: () => string) => void) {
  program.command('archive').description('archive one record with its files (单套制 归档, GD-stage checks, signed receipt)')
    .requiredOption('--metadata <file>', 'DA/T 46 metadata JSON (题名, 责任者, 文号, 日期, 年度, 保管期限, 机构或问题, 密级 …)')
    .option('--fonds <code>', '全宗号').option('--category <code>', '门类代码, e.g. WS')
    .option('--key <key>', 'Idempotency-Key (default: derived from the content)').option('--receipt <file>', 'write the signed receipt to this file')
    .argument('<files...>')
    .action(async (files: string[], o: ArchiveOptions) => {
      const req = await buildRequest(o, files);
      const r = await createArchiveClient(options()).submit({ metadata: req.metadata, files: req.blobs, idempotencyKey: req.key });
      if (o.receipt) await fs.writeFile(o.receipt, JSON.stringify(r.receipt, null, 2) + '\n');
      out(r, () => describeResult(r));
      if (r.status !== 'accepted') process.exitCode = 2;
    });
}
