import type { Conn } from '../../platform/db/database.ts';
import { recordPreservationEvent } from '../preservation/index.ts';

/** A PREMIS event this module records (information package creation, migration, ingestion). */
export interface AipEventInput {
  eventType: 'information package creation' | 'information package staging' | 'migration' | 'ingestion' | 'validation';
  recordId: string;
  objectSha256?: string | null;
  outcome: 'pass' | 'fail' | 'warning';
  detail: string;
  outcomeDetail?: Record<string, unknown>;
  agent: { type: 'software'; name: string; version?: string | null } | { type: 'person'; name: string; userId?: string | null };
}

/** Appends a preservation event through modules/preservation (append-only table, same transaction as the caller). */
export async function recordAipEvent(conn: Conn, e: AipEventInput): Promise<string> {
  const ev = await recordPreservationEvent(conn, {
    type: e.eventType, recordId: e.recordId, objectSha256: e.objectSha256 ?? null, outcome: e.outcome, detail: e.detail, outcomeDetail: e.outcomeDetail ?? {}, agent: e.agent,
  });
  return ev.id;
}
