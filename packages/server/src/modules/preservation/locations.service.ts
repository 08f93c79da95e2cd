import { access, constants, mkdir } from 'node:fs/promises';
import type { CreateLocationBody, UpdateLocationBody } from '@lantai/api';
import type { Db } from '../../platform/db/database.ts';
import { conflict, DomainError, notFound } from '../../http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { actorAudit, type RequestCtx } from '../auth/index.ts';
import type { LocationStores } from './location-stores.ts';
import { getLocation, getPolicy, insertLocation, updateLocation, updatePolicy, type Location, type Policy } from './locations.repository.ts';
import { presentLocation, presentPolicy } from './dashboard.service.ts';

const unreachable = (why: string) => new DomainError('preservation_location_unreachable', 400, [{ path: 'config', message: why }]);

/** Storage locations and the copies policy, configured by the 系统管理员; each change audited with it. */
export function createLocationsService({ db, stores }: { db: Db; stores: LocationStores }) {
  /** A location must be reachable and writable when it is added online (an offline medium is checked when it comes online). */
  async function probe(l: Location) {
    if (l.state === 'offline') return;
    if (l.kind === 'local') {
      try {
        // Not recursive: the parent must exist (a missing mount point must not be created; Node's recursive mkdir also loops on /proc).
        await mkdir(l.config.path!).catch((e: NodeJS.ErrnoException) => { if (e.code !== 'EEXIST') throw e; });
        await access(l.config.path!, constants.W_OK | constants.R_OK);
      } catch (e) {
        throw unreachable(`${(e as NodeJS.ErrnoException).code ?? ''} ${(e as Error).message}`.trim());
      }
    } else {
      try {
        await stores.open(l).head('0'.repeat(64));
      } catch (e) {
        throw unreachable((e as Error).message);
      }
    }
  }

  async function create(body: CreateLocationBody, ctx: RequestCtx) {
    if (await getLocation(db, body.id)) throw conflict('preservation_location_exists');
    const draft: Location = { ...(body as Location), zone: body.zone ?? '', state: body.state ?? 'online', position: 0, sweepCursor: null, sweepCycleStartedAt: null, lastSweepCompletedAt: null };
    await probe(draft);
    return db.transaction().execute(async (tx) => {
      const l = await insertLocation(tx, { id: body.id, name: body.name, kind: body.kind, medium: body.medium, state: draft.state, zone: draft.zone, config: body.config as never })
        .catch((e: { code?: string }) => { throw e.code === '23505' ? conflict('preservation_location_exists') : e; });
      await appendAudit(tx, { ...actorAudit(ctx.actor), action: 'preservation.location.create', outcome: 'success', targetType: 'storage_location', targetId: l.id, requestId: ctx.requestId, ip: ctx.ip,
        after: presentLocation(l) });
      return presentLocation(l);
    });
  }

  async function update(id: string, body: UpdateLocationBody, ctx: RequestCtx) {
    const before = await getLocation(db, id);
    if (!before) throw notFound();
    if (before.kind === 'primary' && body.state === 'offline') throw new DomainError('preservation_location_primary', 409);
    if (body.state === 'online' && before.state === 'offline') await probe({ ...before, state: 'online' });
    return db.transaction().execute(async (tx) => {
      const l = (await updateLocation(tx, id, body))!;
      await appendAudit(tx, { ...actorAudit(ctx.actor), action: 'preservation.location.update', outcome: 'success', targetType: 'storage_location', targetId: id, requestId: ctx.requestId, ip: ctx.ip,
        before: presentLocation(before), after: presentLocation(l) });
      return presentLocation(l);
    });
  }

  async function setPolicy(body: Partial<Omit<Policy, 'updatedAt' | 'updatedBy'>>, ctx: RequestCtx) {
    const before = await getPolicy(db);
    return db.transaction().execute(async (tx) => {
      const p = await updatePolicy(tx, body, actorAudit(ctx.actor).actorName ?? 'unknown');
      await appendAudit(tx, { ...actorAudit(ctx.actor), action: 'preservation.policy.update', outcome: 'success', targetType: 'preservation_policy', targetId: 'policy', requestId: ctx.requestId, ip: ctx.ip,
        before: presentPolicy(before), after: presentPolicy(p) });
      return presentPolicy(p);
    });
  }

  return { create, update, setPolicy };
}
