import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { appendAudit, type AuditEntry } from './audit.repository.ts';
import { verifyAuditChain, type Checkpoint, type VerifyOptions, type VerifyResult } from './audit.verify.ts';

/** The off-database copy of the checkpoints, one JSON object a line, in the data folder. */
export const CHECKPOINT_FILE = 'audit-checkpoints.jsonl';

export interface CheckpointLine extends Checkpoint {
  at: string;
  /** The database the checkpoint belongs to (several may share a data folder). */
  database: string;
}

const currentDatabase = async (db: Db) => (await sql<{ d: string }>`select current_database() as d`.execute(db)).rows[0]?.d ?? '';

/** The checkpoints of this database in <dataDir>/audit-checkpoints.jsonl; [] when there is no file. Bad lines are skipped. */
export async function readCheckpointFile(dataDir: string, database: string): Promise<CheckpointLine[]> {
  const text = await fs.readFile(path.join(dataDir, CHECKPOINT_FILE), 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return '';
    throw e;
  });
  const out: CheckpointLine[] = [];
  for (const line of text.split('\n')) {
    try {
      const c = JSON.parse(line) as Partial<CheckpointLine>;
      if (c.database === database && Number.isInteger(c.headSeq) && typeof c.headHash === 'string') out.push(c as CheckpointLine);
    } catch {
      // a torn last line after a crash, or an empty line
    }
  }
  return out;
}

export interface VerifyAndRecordOptions extends Pick<VerifyOptions, 'pageSize' | 'onProgress'> {
  /** Who asked, for the audit row. */
  who: Pick<AuditEntry, 'actorId' | 'actorName' | 'actorRoles'> & { requestId?: string | null; ip?: string | null };
  /** Where the jsonl copy lives; without it only the table is used. */
  dataDir?: string;
  /** Extra detail for the audit row (e.g. background: true). */
  detail?: Record<string, unknown>;
}

/**
 * Verifies the chain against every recorded checkpoint (table and file), audits the verification and,
 * when the chain is intact, records a checkpoint at the verification's own audit row: deleting that row
 * or any before it is then detected by the next verification. Rows appended after the latest checkpoint
 * can still be cut off unnoticed; verify regularly (the audit.verify job) to keep that window short.
 */
export async function verifyAndCheckpoint(db: Db, o: VerifyAndRecordOptions): Promise<VerifyResult> {
  const database = o.dataDir ? await currentDatabase(db) : '';
  const fileCheckpoints = o.dataDir ? await readCheckpointFile(o.dataDir, database) : [];
  const result = await verifyAuditChain(db, { pageSize: o.pageSize, onProgress: o.onProgress, checkpoints: fileCheckpoints });
  const checkpoint = await db.transaction().execute(async (tx) => {
    const seq = await appendAudit(tx, { ...o.who, action: 'audit.verify', outcome: 'success',
      detail: { ...o.detail, ok: result.ok, checked: result.checked, ...(result.firstBad ? { firstBad: result.firstBad } : {}) } });
    if (!result.ok) return null;
    const head = await tx.selectFrom('audit_log').select(['seq', 'hash']).where('seq', '=', seq).executeTakeFirstOrThrow();
    const row = await tx.insertInto('audit_checkpoints').values({ head_seq: head.seq, head_hash: head.hash, verified_by: o.who.actorName })
      .returning(['head_seq', 'head_hash', 'at']).executeTakeFirstOrThrow();
    return { headSeq: row.head_seq, headHash: row.head_hash, at: row.at.toISOString(), database } satisfies CheckpointLine;
  });
  if (checkpoint && o.dataDir) {
    await fs.mkdir(o.dataDir, { recursive: true });
    await fs.appendFile(path.join(o.dataDir, CHECKPOINT_FILE), JSON.stringify(checkpoint) + '\n', { mode: 0o600 });
  }
  return result;
}
