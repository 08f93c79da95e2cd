import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import type { Config } from '../config.ts';
import type { Db } from '../platform/db/database.ts';
import { CHECKPOINT_FILE } from '../modules/audit/index.ts';
import { recordPreservationEvent } from '../modules/preservation/events.repository.ts';
import { VERSION } from '../version.ts';
import { AdminError } from './admin-commands.ts';
import { copyHashing, DUMP, hashFile, manifestText, verifyBag, type BackupInfo } from './admin-backup-bag.ts';
import { copyAllObjects } from './admin-backup-objects.ts';

export interface BackupContext { config: Config; url: string; db: Db; say: (s: string) => void }

/** Runs a PostgreSQL client tool; rejects with its stderr when it fails. */
export function runTool(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', (e) => reject(new AdminError(`${cmd} 无法运行 / cannot run ${cmd} (install the PostgreSQL 15 client): ${e.message}`)));
    p.on('close', (code, signal) => {
      if (code === 0) return resolve(out);
      const full = /No space left|File too large|Disk quota/i.test(err) || signal === 'SIGXFSZ';
      reject(new AdminError(`${cmd} 失败 / failed (${signal ? `signal ${signal}` : `exit ${code}`})${full ? ' — 目标空间不足 / the target is full' : ''}: ${err.trim().slice(0, 2000)}`));
    });
  });
}

const COUNTED = ['fonds', 'records', 'record_files', 'aips', 'users', 'audit_log'] as const;

async function facts(db: Db): Promise<Pick<BackupInfo, 'migration' | 'counts' | 'audit'>> {
  const m = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(db);
  const counts: Record<string, number> = {};
  for (const t of COUNTED) counts[t] = Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(t)}`.execute(db)).rows[0]?.n ?? 0);
  const head = await db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return { migration: m.rows[0]?.name ?? null, counts, audit: { rows: counts.audit_log ?? 0, headSeq: head ? Number(head.seq) : null, headHash: head?.hash ?? null } };
}

/** Where the archive kept copies at backup time (the dump has the detail; this is for people reading the bag). */
async function locationFacts(db: Db): Promise<NonNullable<BackupInfo['locations']>> {
  const rows = await db.selectFrom('storage_locations as l').leftJoin('object_replicas as r', (j) => j.onRef('r.location_id', '=', 'l.id').on('r.state', '=', 'present'))
    .select(['l.id', 'l.kind', 'l.medium', 'l.state']).select((eb) => eb.fn.count<string>('r.sha256').as('n')).groupBy(['l.id', 'l.kind', 'l.medium', 'l.state']).orderBy('l.id').execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, medium: r.medium, state: r.state, presentCopies: Number(r.n) }));
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

/**
 * Writes a backup bag into a new folder under `to`: first as `.lantai-backup-<time>.partial`, renamed to
 * `lantai-backup-<time>` only after every file was written, fsynced, re-read and re-hashed. A crash at any
 * point leaves a `.partial` folder, never one that looks complete.
 */
export async function backup(ctx: BackupContext, to: string): Promise<{ dir: string; info: BackupInfo }> {
  const createdAt = new Date();
  await fs.mkdir(to, { recursive: true });
  const final = path.resolve(to, `lantai-backup-${stamp(createdAt)}`);
  const tmp = path.resolve(to, `.lantai-backup-${stamp(createdAt)}.partial`);
  if (await fs.stat(final).then(() => true, () => false)) throw new AdminError(`已存在 / already exists: ${final}`);
  await fs.mkdir(path.join(tmp, 'data'), { recursive: true });
  try {
    return await write(ctx, tmp, final, createdAt);
  } catch (e) {
    // A failure we see (disk full, a damaged object, a tool error) removes the partial folder; a kill leaves it, named .partial.
    await fs.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (['ENOSPC', 'EFBIG', 'EDQUOT'].includes(code)) throw new AdminError(`备份目标空间不足，备份中止 / the backup target is full (${code}); backup stopped, the archive is unchanged: ${(e as Error).message}`);
    throw e;
  }
}

async function write({ config, url, db, say }: BackupContext, tmp: string, final: string, createdAt: Date): Promise<{ dir: string; info: BackupInfo }> {
  const before = await facts(db);
  say(`数据库转储 / dumping the database (pg_dump, custom format) …`);
  await runTool('pg_dump', ['--format=custom', '--compress=6', '--no-owner', '--no-privileges', `--file=${path.join(tmp, DUMP)}`, `--dbname=${url}`]);
  const manifest: [string, string][] = [[DUMP, await hashFile(path.join(tmp, DUMP))]];

  say(`复制对象 / copying stored objects (each verified while read; a damaged primary copy is taken from a verified replica) …`);
  const objects = await copyAllObjects(config, db, tmp, say);
  manifest.push(...objects.manifest);
  const { count, bytes } = objects;
  const checkpoints = path.join(config.dataDir, CHECKPOINT_FILE);
  if (await fs.stat(checkpoints).then((s) => s.isFile(), () => false)) {
    manifest.push(['data/audit-checkpoints.jsonl', (await copyHashing(createReadStream(checkpoints), path.join(tmp, 'data/audit-checkpoints.jsonl'))).sha256]);
  }

  const info: BackupInfo = { format: 'lantai-backup/1', lantaiVersion: VERSION, createdAt: createdAt.toISOString(), ...before, objects: { count, bytes, fromReplicas: objects.fromReplicas.length }, locations: await locationFacts(db) };
  manifest.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  let payloadBytes = 0;
  for (const [f] of manifest) payloadBytes += (await fs.stat(path.join(tmp, f))).size;
  const writeTag = async (name: string, text: string) => {
    await fs.writeFile(path.join(tmp, name), text);
    return [name, await hashFile(path.join(tmp, name))] as [string, string];
  };
  const tags = [
    await writeTag('bagit.txt', 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n'),
    await writeTag('bag-info.txt', [`Source-Organization: Lantai 兰台 ${VERSION}`, `Bagging-Date: ${info.createdAt.slice(0, 10)}`,
      `Payload-Oxum: ${payloadBytes}.${manifest.length}`, `External-Description: Lantai backup (database dump + objects); restore with lantai-admin restore --from <this folder>`,
      `Lantai-Migration: ${info.migration ?? ''}`, `Lantai-Audit-Head: ${info.audit.headSeq ?? ''} ${info.audit.headHash ?? ''}`, ''].join('\n')),
    await writeTag('backup-info.json', JSON.stringify(info, null, 2) + '\n'),
    await writeTag('manifest-sha256.txt', manifestText(manifest)),
  ];
  await fs.writeFile(path.join(tmp, 'tagmanifest-sha256.txt'), manifestText(tags));

  say(`校验备份 / verifying the backup (re-reading every file) …`);
  const check = await verifyBag(tmp);
  if (!check.ok) throw new AdminError(`备份写入后校验失败 / the written backup does not verify:\n  ${check.problems.join('\n  ')}`);
  await runTool('pg_restore', ['--list', path.join(tmp, DUMP)]);
  await fs.rename(tmp, final);
  const dirFh = await fs.open(path.dirname(final), 'r');
  await dirFh.sync().catch(() => {}).finally(() => dirFh.close());

  await recordPreservationEvent(db, { type: 'backup', outcome: objects.fromReplicas.length ? 'warning' : 'pass', detail: `lantai-admin backup to ${final}`,
    outcomeDetail: { dir: final, files: manifest.length, bytes: payloadBytes, objects: count, fromReplicas: objects.fromReplicas, auditHeadSeq: info.audit.headSeq, auditHeadHash: info.audit.headHash } });
  return { dir: final, info };
}
