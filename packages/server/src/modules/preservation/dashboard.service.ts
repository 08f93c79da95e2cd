import { sql } from 'kysely';
import type { PreservationDashboard, StorageLocation } from '@lantai/api';
import type { Db } from '../../platform/db/database.ts';
import { presentAlert, presentIncident } from './alerts.repository.ts';
import { getPolicy, listLocations, type Location, type Policy } from './locations.repository.ts';
import { gatherEvidence, ndsaLevels } from './ndsa.ts';

export const presentLocation = (l: Location): StorageLocation => ({
  id: l.id, name: l.name, kind: l.kind, medium: l.medium, state: l.state, zone: l.zone, position: l.position,
  target: l.kind === 'primary' ? '(system storage)' : l.kind === 'local' ? (l.config.path ?? '') : `s3://${l.config.bucket ?? ''}/${l.config.prefix ?? ''}${l.config.endpoint ? ` @ ${l.config.endpoint}` : ''}`,
});

export const presentPolicy = (p: Policy) => ({ ...p, updatedAt: p.updatedAt.toISOString() });

/** Per location: copies, bytes, damage, last fixity, failures and repairs (30 days); objects below policy; alerts; incidents; NDSA. */
export async function dashboard(db: Db): Promise<PreservationDashboard> {
  const [policy, locations] = await Promise.all([getPolicy(db), listLocations(db)]);
  const stats = await sql<{ location_id: string; copies: number; bytes: string; pending: number; missing: number; corrupt: number; last_fixity: Date | null; last_error: string | null }>`
    select r.location_id,
      count(*) filter (where r.state = 'present')::int as copies,
      coalesce(sum(o.size) filter (where r.state = 'present'), 0)::text as bytes,
      count(*) filter (where r.state = 'pending')::int as pending,
      count(*) filter (where r.state = 'missing')::int as missing,
      count(*) filter (where r.state = 'corrupt')::int as corrupt,
      max(r.last_checked_at) as last_fixity,
      (array_agg(r.last_error order by r.updated_at desc) filter (where r.last_error is not null))[1] as last_error
    from object_replicas r join preservation_objects o on o.sha256 = r.sha256 group by r.location_id`.execute(db);
  const ev = await sql<{ location_id: string; failures: number; repairs: number }>`
    select location_id,
      count(*) filter (where event_type = 'fixity check' and outcome = 'fail')::int as failures,
      count(*) filter (where event_type = 'repair' and outcome = 'pass')::int as repairs
    from preservation_events where event_at > now() - interval '30 days' and location_id is not null group by location_id`.execute(db);
  const s = new Map(stats.rows.map((r) => [r.location_id, r]));
  const e = new Map(ev.rows.map((r) => [r.location_id, r]));
  const totals = await sql<{ total: number; bytes: string; below: number; media_short: number }>`
    with c as (
      select o.sha256, o.size, count(r.location_id) as n, count(distinct l.medium) as m
      from preservation_objects o
      left join object_replicas r on r.sha256 = o.sha256 and r.state = 'present'
      left join storage_locations l on l.id = r.location_id
      group by o.sha256, o.size)
    select count(*)::int as total, coalesce(sum(size), 0)::text as bytes,
      count(*) filter (where n < ${policy.copies})::int as below, count(*) filter (where m < ${policy.mediaTypes})::int as media_short from c`.execute(db);
  const t = totals.rows[0]!;
  const [incidents, alerts, unread] = await Promise.all([
    db.selectFrom('preservation_incidents').selectAll().where('state', '<>', 'resolved').orderBy('opened_at', 'desc').limit(100).execute(),
    db.selectFrom('preservation_alerts').selectAll().orderBy('created_at', 'desc').limit(20).execute(),
    db.selectFrom('preservation_alerts').select((eb) => eb.fn.countAll<number>().as('n')).where('read_at', 'is', null).executeTakeFirstOrThrow(),
  ]);
  const evidence = await gatherEvidence(db, locations, policy);
  return {
    policy: presentPolicy(policy),
    objects: { total: t.total, bytes: Number(t.bytes), belowPolicy: t.below, mediaShort: t.media_short },
    locations: locations.map((l) => {
      const x = s.get(l.id);
      const y = e.get(l.id);
      return {
        location: presentLocation(l), copies: x?.copies ?? 0, bytes: Number(x?.bytes ?? 0), pending: x?.pending ?? 0, missing: x?.missing ?? 0, corrupt: x?.corrupt ?? 0,
        lastFixityAt: x?.last_fixity?.toISOString() ?? null, lastSweepCompletedAt: l.lastSweepCompletedAt?.toISOString() ?? null, sweepCursor: l.sweepCursor,
        failures30d: y?.failures ?? 0, repairs30d: y?.repairs ?? 0, lastError: x?.last_error ?? null,
      };
    }),
    openIncidents: incidents.map(presentIncident),
    alerts: alerts.map(presentAlert),
    unreadAlerts: Number(unread.n),
    ndsa: ndsaLevels(evidence, policy),
    generatedAt: new Date().toISOString(),
  };
}
