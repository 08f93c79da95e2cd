import type { Db } from '../../platform/db/database.ts';
import { raiseAlert, openIncident } from './alerts.repository.ts';
import { checkCopy, type CopyCheck } from './copy-check.ts';
import { recordPreservationEvent, recordPreservationEvents, type PreservationEventInput } from './events.repository.ts';
import type { LocationStores } from './location-stores.ts';
import { listLocations, type Location } from './locations.repository.ts';
import { withLock } from './lock.ts';

export interface RepairOutcome { sha256: string; checked: number; repaired: string[]; failed: string[]; noGoodCopy: boolean; skipped?: boolean }

const short = (s: string) => s.slice(0, 12);

/**
 * Self-repair of one object: verify every copy on every online location (the good copy is verified
 * before it is used), then replace each corrupt or missing copy from a good one — delete, put with the
 * expected digest and size (the adapters write temp + fsync + publish), and read it back. A copy counts
 * as present again only after that read-back passes. With no good copy anywhere, a persistent incident.
 */
export function createRepairService({ db, stores }: { db: Db; stores: LocationStores }) {
  async function verifyAll(sha256: string, locations: Location[]) {
    const rows = await db.selectFrom('object_replicas').select(['location_id', 'state']).where('sha256', '=', sha256).execute();
    const known = new Map(rows.map((r) => [r.location_id, r.state]));
    const out: { loc: Location; check: CopyCheck }[] = [];
    for (const loc of locations) {
      const state = known.get(loc.id);
      if (!state || state === 'pending' || loc.state === 'offline') continue;
      out.push({ loc, check: await checkCopy(stores.open(loc), sha256) });
    }
    return out;
  }

  async function setState(locationId: string, sha256: string, c: { state: 'present' | 'missing' | 'corrupt'; outcome: 'pass' | 'fail'; copied?: boolean }) {
    await db.updateTable('object_replicas').set({
      state: c.state, last_checked_at: new Date(), last_check_outcome: c.outcome, updated_at: new Date(), ...(c.copied ? { copied_at: new Date(), attempts: 0, last_error: null } : {}),
    }).where('location_id', '=', locationId).where('sha256', '=', sha256).execute();
  }

  async function repairObject(sha256: string, trigger: string): Promise<RepairOutcome> {
    const res = await withLock(db, `repair:${sha256}`, () => repairLocked(sha256, trigger));
    return res ?? { sha256, checked: 0, repaired: [], failed: [], noGoodCopy: false, skipped: true };
  }

  async function repairLocked(sha256: string, trigger: string): Promise<RepairOutcome> {
    const obj = await db.selectFrom('preservation_objects').select('size').where('sha256', '=', sha256).executeTakeFirst();
    const locations = await listLocations(db);
    const checks = await verifyAll(sha256, locations);
    const events: PreservationEventInput[] = checks.filter((c) => c.check.status !== 'unreachable').map(({ loc, check }) => ({
      type: 'fixity check', outcome: check.status === 'pass' ? 'pass' : 'fail', objectSha256: sha256, locationId: loc.id,
      detail: `verification before repair (${trigger})`, outcomeDetail: { status: check.status, actualSha256: check.actualSha256, size: check.size },
    }));
    await recordPreservationEvents(db, events);
    const good = checks.find((c) => c.check.status === 'pass');
    const bad = checks.filter((c) => c.check.status === 'mismatch' || c.check.status === 'missing');
    for (const b of bad) await setState(b.loc.id, sha256, { state: b.check.status === 'missing' ? 'missing' : 'corrupt', outcome: 'fail' });
    if (good) await setState(good.loc.id, sha256, { state: 'present', outcome: 'pass' });
    const out: RepairOutcome = { sha256, checked: checks.length, repaired: [], failed: [], noGoodCopy: false };
    if (!bad.length) return out;
    if (!good) {
      out.noGoodCopy = true;
      out.failed = bad.map((b) => b.loc.id);
      const detail = { trigger, copies: checks.map((c) => ({ location: c.loc.id, status: c.check.status, actualSha256: c.check.actualSha256 })) };
      await recordPreservationEvent(db, { type: 'repair', outcome: 'fail', objectSha256: sha256, detail: 'no good copy to repair from', outcomeDetail: detail });
      await openIncident(db, { kind: 'no_good_copy', objectSha256: sha256, title: `No good copy of object ${short(sha256)}`, detail });
      await raiseAlert(db, { kind: 'no_good_copy', severity: 'error', objectSha256: sha256, message: `No good copy of ${short(sha256)} remains on any online location`, detail });
      return out;
    }
    const source = stores.open(good.loc);
    for (const b of bad) {
      const dest = stores.open(b.loc);
      try {
        await dest.delete(sha256);
        await dest.put(await source.get(sha256, { verify: true }), { expectedSha256: sha256, ...(obj ? { expectedSize: Number(obj.size) } : {}) });
        const after = await checkCopy(dest, sha256);
        if (after.status !== 'pass') throw new Error(`read-back after repair: ${after.status}`);
        await setState(b.loc.id, sha256, { state: 'present', outcome: 'pass', copied: true });
        await recordPreservationEvent(db, { type: 'repair', outcome: 'pass', objectSha256: sha256, locationId: b.loc.id,
          detail: `replaced ${b.check.status === 'missing' ? 'missing' : 'corrupt'} copy from ${good.loc.id} (${trigger})`,
          outcomeDetail: { source: good.loc.id, previous: b.check.status, previousSha256: b.check.actualSha256, verifiedSha256: after.actualSha256 } });
        await raiseAlert(db, { kind: 'repaired', severity: 'warning', objectSha256: sha256, locationId: b.loc.id,
          message: `Repaired ${b.check.status === 'missing' ? 'missing' : 'corrupt'} copy of ${short(sha256)} at ${b.loc.name} from ${good.loc.name}` });
        out.repaired.push(b.loc.id);
      } catch (e) {
        const why = (e as Error).message;
        out.failed.push(b.loc.id);
        await recordPreservationEvent(db, { type: 'repair', outcome: 'fail', objectSha256: sha256, locationId: b.loc.id, detail: `repair from ${good.loc.id} failed`, outcomeDetail: { error: why, code: (e as NodeJS.ErrnoException).code } });
        await raiseAlert(db, { kind: 'repair_failed', severity: 'error', objectSha256: sha256, locationId: b.loc.id, message: `Could not repair ${short(sha256)} at ${b.loc.name}: ${why}` });
        await openIncident(db, { kind: 'repair_failed', objectSha256: sha256, locationId: b.loc.id, title: `Repair of ${short(sha256)} at ${b.loc.name} failed`, detail: { error: why } });
      }
    }
    return out;
  }

  return { repairObject };
}
export type RepairService = ReturnType<typeof createRepairService>;
