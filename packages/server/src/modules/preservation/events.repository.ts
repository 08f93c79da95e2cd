import { randomBytes } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { Conn } from '../../platform/db/database.ts';
import type { PreservationEventsTable } from '../../platform/db/schema.ts';
import { VERSION } from '../../version.ts';

/**
 * PREMIS event types used by Lantai (id.loc.gov/vocabulary/preservation/eventType, plus `repair`).
 * The column accepts any lower-case phrase so that other modules can add types without a migration.
 */
export type PreservationEventType =
  | 'fixity check' | 'replication' | 'repair' | 'ingestion' | 'migration' | 'normalization' | 'validation'
  | 'message digest calculation' | 'virus check' | 'format identification' | 'information package creation'
  | 'metadata modification' | 'deletion' | 'transfer' | 'recovery' | (string & {});

export type PreservationOutcome = 'pass' | 'fail' | 'warning';

/** The agent that acted: software (name + version) or a person (user id + name). */
export type PreservationAgent =
  | { type: 'software'; name: string; version?: string | null }
  | { type: 'person'; userId?: string | null; name: string }
  | { type: 'organization'; name: string };

/** Lantai itself as a PREMIS software agent. */
export const LANTAI_AGENT: PreservationAgent = { type: 'software', name: 'Lantai', version: VERSION };

export interface PreservationEventInput {
  type: PreservationEventType;
  outcome: PreservationOutcome;
  /** The object the event is about: a stored object's SHA-256, a record, or another identifier (e.g. an AIP id). */
  objectSha256?: string | null;
  recordId?: string | null;
  objectId?: string | null;
  locationId?: string | null;
  /** eventDetailInformation: what was done, in words. */
  detail?: string;
  /** eventOutcomeDetail: structured facts (expected/actual digest, tool output, …). */
  outcomeDetail?: Record<string, unknown>;
  agent?: PreservationAgent;
  at?: Date;
}

export interface PreservationEvent {
  id: string;
  type: string;
  at: string;
  outcome: PreservationOutcome;
  objectSha256: string | null;
  recordId: string | null;
  objectId: string | null;
  locationId: string | null;
  detail: string;
  outcomeDetail: Record<string, unknown>;
  agent: { type: 'software' | 'person' | 'organization'; name: string; version: string | null; userId: string | null };
}

/** A time-ordered UUID (v7): events sort by id in the order they were recorded. */
export function uuid7(now = Date.now()): string {
  const b = randomBytes(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function row(e: PreservationEventInput) {
  const a = e.agent ?? LANTAI_AGENT;
  return {
    id: uuid7(e.at?.getTime()),
    event_type: e.type,
    ...(e.at ? { event_at: e.at } : {}),
    object_sha256: e.objectSha256 ?? null,
    record_id: e.recordId ?? null,
    object_id: e.objectId ?? null,
    location_id: e.locationId ?? null,
    outcome: e.outcome,
    detail: e.detail ?? '',
    outcome_detail: JSON.stringify(e.outcomeDetail ?? {}),
    agent_type: a.type,
    agent_name: a.name,
    agent_version: a.type === 'software' ? (a.version ?? null) : null,
    agent_user_id: a.type === 'person' ? (a.userId ?? null) : null,
  };
}

/**
 * Appends one PREMIS event. Pass a transaction to make the event part of the change it describes
 * (it then exists only if that change commits). Events are never updated or deleted (database rules).
 */
export async function recordPreservationEvent(db: Conn, event: PreservationEventInput): Promise<PreservationEvent> {
  const r = await db.insertInto('preservation_events').values(row(event)).returningAll().executeTakeFirstOrThrow();
  return presentEvent(r);
}

/** Appends several events in one statement (same transaction semantics as above). */
export async function recordPreservationEvents(db: Conn, events: PreservationEventInput[]): Promise<number> {
  if (!events.length) return 0;
  const res = await db.insertInto('preservation_events').values(events.map(row)).executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0);
}

export interface EventQuery {
  objectSha256?: string;
  recordId?: string;
  objectId?: string;
  locationId?: string;
  type?: string;
  outcome?: PreservationOutcome;
  /** Events with an id lower than this (newest-first paging). */
  before?: string;
  limit?: number;
}

/** Events, newest first (e.g. to embed in a METS/PREMIS document: filter by recordId or objectSha256). */
export async function listPreservationEvents(db: Conn, q: EventQuery = {}): Promise<PreservationEvent[]> {
  let s = db.selectFrom('preservation_events').selectAll();
  if (q.objectSha256) s = s.where('object_sha256', '=', q.objectSha256);
  if (q.recordId) s = s.where('record_id', '=', q.recordId);
  if (q.objectId) s = s.where('object_id', '=', q.objectId);
  if (q.locationId) s = s.where('location_id', '=', q.locationId);
  if (q.type) s = s.where('event_type', '=', q.type);
  if (q.outcome) s = s.where('outcome', '=', q.outcome);
  if (q.before) s = s.where('id', '<', q.before);
  const rows = await s.orderBy('event_at', 'desc').orderBy('id', 'desc').limit(Math.min(q.limit ?? 100, 1000)).execute();
  return rows.map(presentEvent);
}

export function presentEvent(r: Selectable<PreservationEventsTable>): PreservationEvent {
  return {
    id: r.id, type: r.event_type, at: r.event_at.toISOString(), outcome: r.outcome,
    objectSha256: r.object_sha256, recordId: r.record_id, objectId: r.object_id, locationId: r.location_id,
    detail: r.detail, outcomeDetail: r.outcome_detail,
    agent: { type: r.agent_type, name: r.agent_name, version: r.agent_version, userId: r.agent_user_id },
  };
}

/**
 * The sweep's `fixity check` events of one location, appended in one statement with four array parameters
 * (unnest) instead of a dozen parameters per row: PostgreSQL parses one small statement per batch, which keeps
 * the per-object cost of the bookkeeping low. Same rules as every event (append-only, Lantai as the agent).
 */
export async function recordFixityChecks(db: Conn, locationId: string, detail: string,
  checks: { sha256: string; outcome: PreservationOutcome; outcomeDetail: Record<string, unknown> }[]): Promise<void> {
  if (!checks.length) return;
  const now = Date.now();
  await sql`insert into preservation_events (id, event_type, object_sha256, location_id, outcome, detail, outcome_detail, agent_type, agent_name, agent_version)
    select u.id, 'fixity check', u.sha, ${locationId}, u.outcome, ${detail}, u.detail::jsonb, 'software', ${LANTAI_AGENT.name}, ${LANTAI_AGENT.type === 'software' ? (LANTAI_AGENT.version ?? null) : null}
    from unnest(${checks.map(() => uuid7(now))}::uuid[], ${checks.map((c) => c.sha256)}::text[], ${checks.map((c) => c.outcome)}::text[],
      ${checks.map((c) => JSON.stringify(c.outcomeDetail))}::text[]) as u(id, sha, outcome, detail)`.execute(db);
}
