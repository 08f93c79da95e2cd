import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BoxSpineQuery, PrintClassQuery, ReferenceSheetQuery, VolumeSheetQuery } from '@lantai/api';
import { contentDisposition } from './print.labels.ts';
import { catalogueScope } from '../fonds/fonds.policy.ts';
import type { PrintService } from './print.service.ts';
import type { PdfJob } from './print.stream.ts';

const tags = ['print'];
/** The body is a PDF, streamed; documented as binary so generated clients download it as a blob. */
const pdf = {
  200: { description: 'PDF (A4), content-disposition inline with a UTF-8 filename (RFC 5987)', content: { 'application/pdf': { schema: z.string().meta({ format: 'binary' }) } } },
};

function send(reply: FastifyReply, job: PdfJob) {
  return reply.type('application/pdf').header('content-disposition', contentDisposition(job.filename)).header('cache-control', 'no-store').send(job.stream);
}

/** Printed forms of the catalogue (DA/T 22-2015): 归档文件目录, 卷内目录, 盒脊, 备考表. Same visibility as records.list. */
export const printRoutes: FastifyPluginAsyncZod<{ print: PrintService }> = async (app, { print }) => {
  // Roles first (after sign-in, before the query is validated): a reader is refused whatever they ask for.
  app.addHook('preValidation', async (req) => {
    catalogueScope(req.actor);
  });
  app.get('/api/print/catalogue', {
    schema: { operationId: 'print.catalogue', tags, summary: '打印归档文件目录（封面 + 目录，按档号排序）', querystring: PrintClassQuery, response: pdf }, config: { tokenScope: 'catalogue:read' },
  }, async (req, reply) => send(reply, await print.catalogue(req.query, req.ctx)));
  app.get('/api/print/volume/:id', {
    schema: { operationId: 'print.volume', tags, summary: '打印卷内目录及卷内备考表', params: z.object({ id: z.string().uuid() }), querystring: VolumeSheetQuery, response: pdf }, config: { tokenScope: 'catalogue:read' },
  }, async (req, reply) => send(reply, await print.volume(req.params.id, req.query, req.ctx)));
  app.get('/api/print/box-spines', {
    schema: { operationId: 'print.boxSpines', tags, summary: '打印档案盒盒脊（每盒 perBox 件）', querystring: BoxSpineQuery, response: pdf }, config: { tokenScope: 'catalogue:read' },
  }, async (req, reply) => send(reply, await print.boxSpines(req.query, req.ctx)));
  app.get('/api/print/reference-sheet', {
    schema: { operationId: 'print.referenceSheet', tags, summary: '打印备考表（每盒一页）', querystring: ReferenceSheetQuery, response: pdf }, config: { tokenScope: 'catalogue:read' },
  }, async (req, reply) => send(reply, await print.referenceSheets(req.query, req.ctx)));
};
