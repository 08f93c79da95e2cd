import { sql } from 'kysely';
import type { Conn } from '../../platform/db/database.ts';
import { canonicalJson, sm3Hex } from '../../platform/crypto/hash.ts';

/** What a caller says about one action; the repository adds time, sequence and chain hashes. */
export interface AuditEntry {
  actorId: string | null;
  actorName: string | null;
  actorRoles: string[];
  action: string;
  outcome: 'success' | 'denied' | 'failure';
  targetType?: string | null;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
  detail?: Record<string, unknown>;
  requestId?: string | null;
  ip?: string | null;
}

export const GENESIS_HASH = '0'.repeat(64);
// One lock key for the whole chain: appends are serialised so each row links to the true previous one.
const CHAIN_LOCK = 0x4c414e544149; // "LANTAI"

/** The fields a row's hash covers, in canonical form (everything except the hash itself). */
export function rowPayload(r: {
  seq: number; at: Date; actor_id: string | null; actor_name: string | null; actor_roles: string[];
  action: string; outcome: string; target_type: string | null; target_id: string | null;
  before_digest: string | null; after_digest: string | null; detail: unknown; request_id: string | null; ip: string | null;
}): string {
  return canonicalJson({
    seq: r.seq, at: r.at.toISOString(), actorId: r.actor_id, actorName: r.actor_name, actorRoles: r.actor_roles,
    action: r.action, outcome: r.outcome, targetType: r.target_type, targetId: r.target_id,
    beforeDigest: r.before_digest, afterDigest: r.after_digest, detail: r.detail, requestId: r.request_id, ip: r.ip,
  });
}

export const chainHash = (prevHash: string, payload: string): string => sm3Hex(prevHash + '\n' + payload);

const digestOf = (v: unknown): string | null => (v === undefined ? null : sm3Hex(canonicalJson(v)));

/**
 * Appends one row to the chain. MUST be called inside the transaction that makes the change,
 * so the change and its audit row commit or roll back together.
 */
export async function appendAudit(db: Conn, e: AuditEntry): Promise<number> {
  // Outside a transaction the advisory xact lock would end with its own statement and the select/insert
  // below could run on other pooled connections: concurrent appends then race for the same seq.
  if (!db.isTransaction) return db.transaction().execute((tx) => appendAudit(tx, e));
  await sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(db);
  const last = await db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const at = new Date(Math.floor(Date.now()));
  const row = {
    seq: (last?.seq ?? 0) + 1,
    at,
    actor_id: e.actorId,
    actor_name: e.actorName,
    actor_roles: e.actorRoles,
    action: e.action,
    outcome: e.outcome,
    target_type: e.targetType ?? null,
    target_id: e.targetId ?? null,
    before_digest: digestOf(e.before),
    after_digest: digestOf(e.after),
    detail: JSON.parse(canonicalJson(e.detail ?? {})) as Record<string, unknown>,
    request_id: e.requestId ?? null,
    ip: e.ip ?? null,
  };
  const prev = last?.hash ?? GENESIS_HASH;
  const hash = chainHash(prev, rowPayload(row));
  await db.insertInto('audit_log').values({ ...row, detail: JSON.stringify(row.detail), prev_hash: prev, hash }).execute();
  return row.seq;
}
