import type { Selectable } from 'kysely';
import type { Conn } from '../../platform/db/database.ts';
import type { PreservationPolicyTable, StorageLocationsTable } from '../../platform/db/schema.ts';

export type Medium = 'disk' | 'object' | 'offline';
export type LocationKind = 'primary' | 'local' | 's3';

/** Where a location keeps its objects. Secrets are write-only: never returned by the API. */
export interface LocalConfig { path: string }
export interface S3Config { endpoint?: string; bucket: string; region: string; prefix?: string; accessKeyId: string; secretAccessKey: string; forcePathStyle?: boolean }

export interface Location {
  id: string;
  name: string;
  kind: LocationKind;
  medium: Medium;
  state: 'online' | 'offline';
  zone: string;
  config: Partial<LocalConfig & S3Config>;
  position: number;
  sweepCursor: string | null;
  sweepCycleStartedAt: Date | null;
  lastSweepCompletedAt: Date | null;
}

export interface Policy { copies: number; mediaTypes: number; fixityCycleDays: number; sweepBytesPerSec: number; updatedAt: Date; updatedBy: string | null }

export const toLocation = (r: Selectable<StorageLocationsTable>): Location => ({
  id: r.id, name: r.name, kind: r.kind, medium: r.medium, state: r.state, zone: r.zone, config: r.config as Location['config'], position: r.position,
  sweepCursor: r.sweep_cursor, sweepCycleStartedAt: r.sweep_cycle_started_at, lastSweepCompletedAt: r.last_sweep_completed_at,
});

export const toPolicy = (r: Selectable<PreservationPolicyTable>): Policy => ({
  copies: r.copies, mediaTypes: r.media_types, fixityCycleDays: r.fixity_cycle_days, sweepBytesPerSec: Number(r.sweep_bytes_per_sec), updatedAt: r.updated_at, updatedBy: r.updated_by,
});

export async function listLocations(db: Conn): Promise<Location[]> {
  return (await db.selectFrom('storage_locations').selectAll().orderBy('position').orderBy('id').execute()).map(toLocation);
}

export async function getLocation(db: Conn, id: string): Promise<Location | null> {
  const r = await db.selectFrom('storage_locations').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toLocation(r) : null;
}

export interface LocationInput { id: string; name: string; kind: 'local' | 's3'; medium: Medium; state?: 'online' | 'offline'; zone?: string; config: LocalConfig | S3Config; position?: number }

export async function insertLocation(db: Conn, l: LocationInput): Promise<Location> {
  const r = await db.insertInto('storage_locations').values({
    id: l.id, name: l.name, kind: l.kind, medium: l.medium, state: l.state ?? 'online', zone: l.zone ?? '', config: JSON.stringify(l.config),
    position: l.position ?? (await nextPosition(db)),
  }).returningAll().executeTakeFirstOrThrow();
  return toLocation(r);
}

async function nextPosition(db: Conn) {
  const r = await db.selectFrom('storage_locations').select((eb) => eb.fn.max('position').as('p')).executeTakeFirst();
  return Number(r?.p ?? 0) + 1;
}

export async function updateLocation(db: Conn, id: string, patch: Partial<{ name: string; medium: Medium; state: 'online' | 'offline'; zone: string; config: Location['config'] }>): Promise<Location | null> {
  const r = await db.updateTable('storage_locations').set({
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.medium !== undefined ? { medium: patch.medium } : {}),
    ...(patch.state !== undefined ? { state: patch.state } : {}),
    ...(patch.zone !== undefined ? { zone: patch.zone } : {}),
    ...(patch.config !== undefined ? { config: JSON.stringify(patch.config) } : {}),
    updated_at: new Date(),
  }).where('id', '=', id).returningAll().executeTakeFirst();
  return r ? toLocation(r) : null;
}

export async function getPolicy(db: Conn): Promise<Policy> {
  return toPolicy(await db.selectFrom('preservation_policy').selectAll().executeTakeFirstOrThrow());
}

export async function updatePolicy(db: Conn, p: Partial<Omit<Policy, 'updatedAt' | 'updatedBy'>>, by: string): Promise<Policy> {
  const r = await db.updateTable('preservation_policy').set({
    ...(p.copies !== undefined ? { copies: p.copies } : {}),
    ...(p.mediaTypes !== undefined ? { media_types: p.mediaTypes } : {}),
    ...(p.fixityCycleDays !== undefined ? { fixity_cycle_days: p.fixityCycleDays } : {}),
    ...(p.sweepBytesPerSec !== undefined ? { sweep_bytes_per_sec: p.sweepBytesPerSec } : {}),
    updated_at: new Date(), updated_by: by,
  }).returningAll().executeTakeFirstOrThrow();
  return toPolicy(r);
}
