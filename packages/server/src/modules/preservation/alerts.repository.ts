import { sql, type Selectable } from 'kysely';
import type { Conn } from '../../platform/db/database.ts';
import type { PreservationAlertsTable, PreservationIncidentsTable } from '../../platform/db/schema.ts';
import { uuid7 } from './events.repository.ts';

export interface AlertInput { kind: string; severity: 'info' | 'warning' | 'error'; objectSha256?: string | null; locationId?: string | null; message: string; detail?: Record<string, unknown> }

/** A notice for the archivist (shown on the dashboard until read). */
export async function raiseAlert(db: Conn, a: AlertInput): Promise<void> {
  await db.insertInto('preservation_alerts').values({
    id: uuid7(), kind: a.kind, severity: a.severity, object_sha256: a.objectSha256 ?? null, location_id: a.locationId ?? null, message: a.message, detail: JSON.stringify(a.detail ?? {}),
  }).execute();
}

export const presentAlert = (r: Selectable<PreservationAlertsTable>) => ({
  id: r.id, kind: r.kind, severity: r.severity, objectSha256: r.object_sha256, locationId: r.location_id, message: r.message, detail: r.detail,
  createdAt: r.created_at.toISOString(), readAt: r.read_at?.toISOString() ?? null, readBy: r.read_by,
});

export interface IncidentInput { kind: string; objectSha256?: string | null; locationId?: string | null; title: string; detail?: Record<string, unknown> }

/**
 * Opens an incident, or — when one of the same kind for the same object and location is still open or
 * acknowledged — counts one more occurrence on it. Incidents close only when a person resolves them.
 */
export async function openIncident(db: Conn, i: IncidentInput): Promise<string> {
  const r = await sql<{ id: string }>`
    insert into preservation_incidents(id, kind, object_sha256, location_id, title, detail)
    values (${uuid7()}, ${i.kind}, ${i.objectSha256 ?? null}, ${i.locationId ?? null}, ${i.title}, ${JSON.stringify(i.detail ?? {})})
    on conflict (kind, coalesce(object_sha256, ''), coalesce(location_id, '')) where state <> 'resolved'
    do update set occurrences = preservation_incidents.occurrences + 1, last_seen_at = now(), detail = excluded.detail
    returning id`.execute(db);
  return r.rows[0]!.id;
}

export const presentIncident = (r: Selectable<PreservationIncidentsTable>) => ({
  id: r.id, kind: r.kind, state: r.state, objectSha256: r.object_sha256, locationId: r.location_id, title: r.title, detail: r.detail,
  openedAt: r.opened_at.toISOString(), lastSeenAt: r.last_seen_at.toISOString(), occurrences: r.occurrences,
  acknowledgedAt: r.acknowledged_at?.toISOString() ?? null, acknowledgedBy: r.acknowledged_by,
  resolvedAt: r.resolved_at?.toISOString() ?? null, resolvedBy: r.resolved_by, resolution: r.resolution,
});
