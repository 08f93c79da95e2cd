import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CreateLocationBody, EventsQuery, IncidentState, MarkAlertsReadBody, PolicyBody, PreservationAlert, PreservationDashboard, PreservationEventRow,
  PreservationIncident, PreservationPolicy, PreservationRunBody, ResolveIncidentBody, StorageLocation, UpdateLocationBody,
} from '@lantai/api';
import type { JobQueue } from '../../platform/jobs/job-queue.ts';
import { presentAlert } from './alerts.repository.ts';
import { dashboard, presentLocation, presentPolicy } from './dashboard.service.ts';
import { listPreservationEvents } from './events.repository.ts';
import { createIncidentsService } from './incidents.service.ts';
import { createLocationsService } from './locations.service.ts';
import { getPolicy, listLocations } from './locations.repository.ts';
import { authorizeConfigure, authorizeOperate, authorizeRead } from './preservation.policy.ts';
import type { PreservationModule } from './preservation.module.ts';

const tags = ['preservation'];
const IdParams = z.object({ id: z.string().max(64) });
const UuidParams = z.object({ id: z.uuid() });
const ctxOf = (req: { actor: never; id: string; ip: string }) => ({ actor: req.actor, requestId: req.id, ip: req.ip });

export const preservationRoutes: FastifyPluginAsyncZod<{ preservation: PreservationModule; jobs: JobQueue }> = async (app, { preservation, jobs }) => {
  const { db } = preservation;
  const locations = createLocationsService({ db, stores: preservation.stores });
  const incidents = createIncidentsService(db);

  app.get('/api/preservation/dashboard', { schema: { operationId: 'preservation.dashboard', tags, summary: '长期保存概览（副本、定期校验、修复、事件单、NDSA 等级）', response: { 200: PreservationDashboard } } }, async (req) => {
    authorizeRead(req.actor);
    return dashboard(db);
  });

  app.get('/api/preservation/locations', { schema: { operationId: 'preservation.locations.list', tags, summary: '存储位置', response: { 200: z.object({ items: z.array(StorageLocation) }) } } }, async (req) => {
    authorizeRead(req.actor);
    return { items: (await listLocations(db)).map(presentLocation) };
  });

  app.post('/api/preservation/locations', { schema: { operationId: 'preservation.locations.create', tags, summary: '新增存储位置（本地目录或 S3 桶）', body: CreateLocationBody, response: { 200: StorageLocation } } }, async (req) => {
    authorizeConfigure(req.actor);
    return locations.create(req.body, ctxOf(req as never));
  });

  app.patch('/api/preservation/locations/:id', { schema: { operationId: 'preservation.locations.update', tags, summary: '修改存储位置（名称、介质、在线/离线、区域）', params: IdParams, body: UpdateLocationBody, response: { 200: StorageLocation } } }, async (req) => {
    authorizeConfigure(req.actor);
    return locations.update(req.params.id, req.body, ctxOf(req as never));
  });

  app.get('/api/preservation/policy', { schema: { operationId: 'preservation.policy.get', tags, summary: '副本策略与校验周期', response: { 200: PreservationPolicy } } }, async (req) => {
    authorizeRead(req.actor);
    return presentPolicy(await getPolicy(db));
  });

  app.put('/api/preservation/policy', { schema: { operationId: 'preservation.policy.put', tags, summary: '修改副本策略与校验周期', body: PolicyBody, response: { 200: PreservationPolicy } } }, async (req) => {
    authorizeConfigure(req.actor);
    return locations.setPolicy(req.body, ctxOf(req as never));
  });

  app.get('/api/preservation/events', { schema: { operationId: 'preservation.events.list', tags, summary: 'PREMIS 保存事件', querystring: EventsQuery, response: { 200: z.object({ items: z.array(PreservationEventRow) }) } } }, async (req) => {
    authorizeRead(req.actor);
    const q = req.query;
    return { items: await listPreservationEvents(db, { objectSha256: q.object, recordId: q.record, locationId: q.location, type: q.type, outcome: q.outcome, before: q.before, limit: q.limit }) };
  });

  app.get('/api/preservation/alerts', { schema: { operationId: 'preservation.alerts.list', tags, summary: '保存告警', querystring: z.object({ unread: z.enum(['0', '1']).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }), response: { 200: z.object({ items: z.array(PreservationAlert) }) } } }, async (req) => {
    authorizeRead(req.actor);
    let q = db.selectFrom('preservation_alerts').selectAll();
    if (req.query.unread === '1') q = q.where('read_at', 'is', null);
    return { items: (await q.orderBy('created_at', 'desc').limit(req.query.limit).execute()).map(presentAlert) };
  });

  app.post('/api/preservation/alerts/read', { schema: { operationId: 'preservation.alerts.markRead', tags, summary: '标记告警已读', body: MarkAlertsReadBody, response: { 200: z.object({ updated: z.number().int() }) } } }, async (req) => {
    authorizeOperate(req.actor);
    if (!req.body.all && !req.body.ids?.length) return { updated: 0 };
    let q = db.updateTable('preservation_alerts').set({ read_at: new Date(), read_by: req.actor.username }).where('read_at', 'is', null);
    if (!req.body.all) q = q.where('id', 'in', req.body.ids!);
    return { updated: Number((await q.executeTakeFirst()).numUpdatedRows) };
  });

  app.get('/api/preservation/incidents', { schema: { operationId: 'preservation.incidents.list', tags, summary: '保存事件单', querystring: z.object({ state: IncidentState.optional() }), response: { 200: z.object({ items: z.array(PreservationIncident) }) } } }, async (req) => {
    authorizeRead(req.actor);
    return { items: await incidents.list(req.query.state) };
  });

  app.post('/api/preservation/incidents/:id/acknowledge', { schema: { operationId: 'preservation.incidents.acknowledge', tags, summary: '确认事件单', params: UuidParams, response: { 200: PreservationIncident } } }, async (req) => {
    authorizeOperate(req.actor);
    return incidents.acknowledge(req.params.id, ctxOf(req as never));
  });

  app.post('/api/preservation/incidents/:id/resolve', { schema: { operationId: 'preservation.incidents.resolve', tags, summary: '关闭事件单（写明处理结果）', params: UuidParams, body: ResolveIncidentBody, response: { 200: PreservationIncident } } }, async (req) => {
    authorizeOperate(req.actor);
    return incidents.resolve(req.params.id, req.body.resolution, ctxOf(req as never));
  });

  app.post('/api/preservation/replicate', { schema: { operationId: 'preservation.replicate', tags, summary: '立即复制到各存储位置（后台任务）', body: PreservationRunBody.optional(), response: { 200: z.object({ jobId: z.string() }) } } }, async (req) => {
    authorizeOperate(req.actor);
    return { jobId: await jobs.enqueue('preservation.replicate', { requestedBy: req.actor.username, all: req.body?.all }, { createdBy: req.actor.username }) };
  });

  app.post('/api/preservation/sweep', { schema: { operationId: 'preservation.sweep', tags, summary: '立即执行定期校验（后台任务）', body: PreservationRunBody.optional(), response: { 200: z.object({ jobId: z.string() }) } } }, async (req) => {
    authorizeOperate(req.actor);
    return { jobId: await jobs.enqueue('preservation.sweep', { requestedBy: req.actor.username, all: req.body?.all }, { createdBy: req.actor.username }) };
  });
};
