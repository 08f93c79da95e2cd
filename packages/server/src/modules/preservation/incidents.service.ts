import { conflict, notFound } from '../../http/errors.ts';
import type { Db } from '../../platform/db/database.ts';
import { appendAudit } from '../audit/index.ts';
import { actorAudit, type RequestCtx } from '../auth/index.ts';
import { presentIncident } from './alerts.repository.ts';
import { recordPreservationEvent } from './events.repository.ts';

/** Incidents go open → acknowledged → resolved (or open → resolved), each step by a named person, audited. */
export function createIncidentsService(db: Db) {
  async function list(state?: 'open' | 'acknowledged' | 'resolved') {
    let q = db.selectFrom('preservation_incidents').selectAll();
    if (state) q = q.where('state', '=', state);
    return (await q.orderBy('opened_at', 'desc').limit(500).execute()).map(presentIncident);
  }

  async function step(id: string, to: 'acknowledged' | 'resolved', ctx: RequestCtx, resolution?: string) {
    const who = actorAudit(ctx.actor).actorName ?? 'unknown';
    return db.transaction().execute(async (tx) => {
      const cur = await tx.selectFrom('preservation_incidents').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!cur) throw notFound();
      if (cur.state === 'resolved' || (to === 'acknowledged' && cur.state !== 'open')) throw conflict('preservation_incident_state');
      const row = await tx.updateTable('preservation_incidents').set(to === 'acknowledged'
        ? { state: 'acknowledged', acknowledged_at: new Date(), acknowledged_by: who }
        : { state: 'resolved', resolved_at: new Date(), resolved_by: who, resolution: resolution ?? '' }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await appendAudit(tx, { ...actorAudit(ctx.actor), action: `preservation.incident.${to === 'acknowledged' ? 'acknowledge' : 'resolve'}`, outcome: 'success', targetType: 'preservation_incident', targetId: id,
        requestId: ctx.requestId, ip: ctx.ip, detail: { kind: cur.kind, objectSha256: cur.object_sha256, ...(resolution ? { resolution } : {}) } });
      if (to === 'resolved' && cur.object_sha256) {
        await recordPreservationEvent(tx, { type: 'recovery', outcome: 'warning', objectSha256: cur.object_sha256, locationId: cur.location_id, detail: `incident ${cur.kind} resolved by a person`,
          outcomeDetail: { incident: id, resolution }, agent: { type: 'person', name: who, userId: ctx.actor.kind === 'anonymous' ? null : ctx.actor.userId } });
      }
      return presentIncident(row);
    });
  }

  return { list, acknowledge: (id: string, ctx: RequestCtx) => step(id, 'acknowledged', ctx), resolve: (id: string, r: string, ctx: RequestCtx) => step(id, 'resolved', ctx, r) };
}
