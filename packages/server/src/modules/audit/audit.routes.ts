import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { AuditQuery, AuditRow, AuditVerifyResult, page } from '@lantai/api';
import type { Db } from '../../platform/db/database.ts';
import type { AuditLogTable } from '../../platform/db/schema.ts';
import type { JobQueue } from '../../platform/jobs/job-queue.ts';
import { actorAudit } from '../auth/index.ts';
import { verifyAndCheckpoint } from './audit.checkpoint.ts';
import { authorizeAudit } from './audit.policy.ts';

const tags = ['audit'];

export const auditRoutes: FastifyPluginAsyncZod<{ db: Db; jobs: JobQueue; dataDir?: string }> = async (app, { db, jobs, dataDir }) => {
  app.get('/api/audit', { schema: { operationId: 'audit.list', tags, summary: '审计日志', querystring: AuditQuery, response: { 200: page(AuditRow) } } }, async (req) => {
    authorizeAudit(req.actor);
    const q = req.query;
    let base = db.selectFrom('audit_log');
    if (q.action) base = base.where('action', 'like', `${q.action.replace(/[%_\\]/g, '\\$&')}%`);
    if (q.actor) base = base.where('actor_name', '=', q.actor);
    if (q.outcome) base = base.where('outcome', '=', q.outcome);
    const [rows, total] = await Promise.all([
      base.selectAll().orderBy('seq', 'desc').offset(q.offset).limit(q.limit).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(presentAudit), total: Number(total.n), offset: q.offset, limit: q.limit };
  });

  app.post('/api/audit/verify', { schema: { operationId: 'audit.verify', tags, summary: '校验审计链', response: { 200: AuditVerifyResult } } }, async (req) => {
    authorizeAudit(req.actor);
    return verifyAndCheckpoint(db, { who: { ...actorAudit(req.actor), requestId: req.id, ip: req.ip }, dataDir });
  });

  app.post('/api/audit/verify-job', { schema: { operationId: 'audit.verifyJob', tags, summary: '后台校验审计链', response: { 200: z.object({ jobId: z.string() }) } } }, async (req) => {
    authorizeAudit(req.actor);
    const requestedBy = req.actor.kind === 'user' ? req.actor.username : 'unknown';
    const jobId = await jobs.enqueue('audit.verify', { requestedBy }, { createdBy: requestedBy });
    return { jobId };
  });
};

export function presentAudit(r: Selectable<AuditLogTable>): AuditRow {
  return {
    seq: r.seq, at: r.at.toISOString(), actorId: r.actor_id, actorName: r.actor_name, actorRoles: r.actor_roles, action: r.action,
    outcome: r.outcome, targetType: r.target_type, targetId: r.target_id, beforeDigest: r.before_digest, afterDigest: r.after_digest,
    detail: r.detail, requestId: r.request_id, ip: r.ip, prevHash: r.prev_hash, hash: r.hash,
  };
}
