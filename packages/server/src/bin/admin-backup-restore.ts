import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { CHECKPOINT_FILE, verifyAuditChain } from '../modules/audit/index.ts';
import { recordPreservationEvent } from '../modules/preservation/events.repository.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { migrations } from '../platform/db/migrations/index.ts';
import { createStorage } from '../platform/storage/index.ts';
import { AdminError } from './admin-commands.ts';
import { DUMP, verifyBag, type BackupInfo } from './admin-backup-bag.ts';
import { runTool, type BackupContext } from './admin-backup.ts';
import { notePrimaryCopies, rebuildReplicaState } from './admin-backup-replicas.ts';

/**
 * Rebuilds an archive from a backup bag on an empty machine. Everything that could refuse is checked
 * before anything is written: the bag re-hashes completely, the dump is readable, the schema level is
 * one this Lantai knows, and the target database and object store are empty.
 */
export async function restore(ctx: BackupContext, from: string): Promise<{ info: BackupInfo; objects: number; auditRows: number }> {
  const { config, url, db, say } = ctx;
  const dir = path.resolve(from);
  if (!(await fs.stat(dir).then((s) => s.isDirectory(), () => false))) throw new AdminError(`没有该备份目录 / no backup folder at ${dir}`);
  say(`校验备份 / verifying the backup in ${dir} (re-hashing every file) …`);
  const bag = await verifyBag(dir);
  if (!bag.ok || !bag.info) {
    throw new AdminError(`备份已损坏，未做任何更改 / the backup is damaged; nothing was changed (${bag.problems.length} problems):\n  ${bag.problems.join('\n  ')}`);
  }
  const info = bag.info;
  if (info.migration && !(info.migration in migrations)) {
    throw new AdminError(`备份来自更新的兰台版本 / the backup's schema (${info.migration}) is newer than this Lantai knows; upgrade Lantai first. Nothing was changed`);
  }
  await runTool('pg_restore', ['--list', path.join(dir, DUMP)]).catch((e: Error) => {
    throw new AdminError(`数据库转储不可读，未做任何更改 / the database dump is unreadable; nothing was changed: ${e.message}`);
  });

  const tables = await sql<{ name: string }>`select n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p', 'v', 'm', 'S') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%' limit 5`.execute(db);
  const storage = createStorage(config);
  let hasObject = false;
  for await (const _ of storage.list()) { hasObject = true; break; }
  const checkpoints = path.join(config.dataDir, CHECKPOINT_FILE);
  const hasCheckpoints = await fs.stat(checkpoints).then(() => true, () => false);
  if (tables.rows.length || hasObject || hasCheckpoints) {
    const what = [tables.rows.length ? `the database has tables (${tables.rows.map((r) => r.name).join(', ')}…)` : '',
      hasObject ? `the object store ${config.objectsDir} holds objects` : '', hasCheckpoints ? `${checkpoints} exists` : ''].filter(Boolean);
    throw new AdminError(`目标不是空的，未做任何更改 / the target is not empty; restore only into an empty database and data folder. Nothing was changed:\n  ${what.join('\n  ')}`);
  }

  say(`恢复数据库 / restoring the database (pg_restore) …`);
  await runTool('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${url}`, path.join(dir, DUMP)]);
  const applied = await migrateToLatest(db);
  if (applied.length) say(`已升级 / schema brought up to date: ${applied.join(', ')}`);
  say(`恢复对象 / restoring ${info.objects.count} objects (each verified as written) …`);
  let objects = 0;
  let batch: { sha256: string; size: number }[] = [];
  for (const [file, sha256] of bag.payload) {
    if (!file.startsWith('data/objects/')) continue;
    const put = await storage.put(createReadStream(path.join(dir, file)), { expectedSha256: sha256 });
    batch.push({ sha256, size: put.size });
    if (batch.length >= 1000) { await notePrimaryCopies(db, batch); batch = []; }
    objects++;
  }
  await notePrimaryCopies(db, batch);
  if (bag.payload.has('data/audit-checkpoints.jsonl')) {
    await fs.mkdir(config.dataDir, { recursive: true });
    await fs.copyFile(path.join(dir, 'data/audit-checkpoints.jsonl'), checkpoints);
  }
  const replicas = await rebuildReplicaState(db);
  if (replicas.toVerify) say(`其他位置的 ${replicas.toVerify} 个副本待重新校验 / ${replicas.toVerify} copies at other locations are marked to be verified again by replication`);
  if (replicas.offline.length) say(`注意 / note: location(s) ${replicas.offline.join(', ')} set offline: their folder does not exist on this machine`);

  const chain = await verifyAuditChain(db);
  const headMatches = info.audit.headSeq === null || (chain.ok && Number(chain.headSeq) === info.audit.headSeq && chain.headHash === info.audit.headHash);
  if (!chain.ok || !headMatches) {
    throw new AdminError(`恢复后审计链不符 / after restore the audit chain does not match the backup (ok=${chain.ok}, head ${chain.headSeq} ${chain.headHash}; backup ${info.audit.headSeq} ${info.audit.headHash})`);
  }
  await recordPreservationEvent(db, { type: 'recovery', outcome: 'pass', detail: `lantai-admin restore from ${dir}`,
    outcomeDetail: { from: dir, createdAt: info.createdAt, objects, replicasToVerify: replicas.toVerify, locationsOffline: replicas.offline, auditHeadSeq: info.audit.headSeq, auditHeadHash: info.audit.headHash } });
  return { info, objects, auditRows: chain.checked };
}
