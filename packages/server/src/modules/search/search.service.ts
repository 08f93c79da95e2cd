import { sql } from 'kysely';
import type { SearchRequest, SearchResponse, SearchStatus } from '@lantai/api';
import type { Db } from '../../platform/db/database.ts';
import type { JobContext, JobQueue } from '../../platform/jobs/job-queue.ts';
import type { SearchPort } from '../../platform/search/search.port.ts';
import { conflict } from '../../http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { actorAudit, type RequestCtx } from '../auth/index.ts';
import type { DocumentSource } from './search.documents.ts';
import type { Indexer } from './search.indexer.ts';
import { authorizeReindex, authorizeStatus, searchScope } from './search.policy.ts';

type Request = Required<Pick<SearchRequest, 'q'>> & Omit<SearchRequest, 'q'>;

export function createSearchService(d: { db: Db; port: SearchPort; jobs: JobQueue; source: DocumentSource; indexer: Indexer }) {
  const lastReindex = () =>
    d.db.selectFrom('job_runs').select(['id', 'state']).where('name', '=', 'search.reindex').orderBy('created_at', 'desc').limit(1).executeTakeFirst();

  return {
    async query(body: Request, ctx: RequestCtx): Promise<SearchResponse> {
      const scope = searchScope(ctx.actor);
      return d.port.search({
        text: body.q, fields: body.fields, filters: body.filters, facets: body.facets, sort: body.sort, order: body.order,
        limit: body.limit, cursor: body.cursor ?? null, offset: body.offset,
      }, scope);
    },

    async status(ctx: RequestCtx): Promise<SearchStatus> {
      authorizeStatus(ctx.actor);
      const [s, job] = await Promise.all([d.port.status(), lastReindex()]);
      return { ...s, reindexJobId: job?.id ?? null };
    },

    /** Starts a full rebuild as a job (one at a time); searching keeps working on the old index meanwhile. */
    async reindex(ctx: RequestCtx): Promise<{ jobId: string }> {
      authorizeReindex(ctx.actor);
      return d.db.transaction().execute(async (tx) => {
        await sql`select pg_advisory_xact_lock(hashtext('lantai.search.reindex'))`.execute(tx);
        const running = await tx.selectFrom('job_runs').select('id').where('name', '=', 'search.reindex').where('state', 'in', ['created', 'retry', 'active']).executeTakeFirst();
        if (running) throw conflict('search_reindex_running');
        const a = actorAudit(ctx.actor);
        const jobId = await d.jobs.enqueue('search.reindex', { requestedBy: a.actorName ?? 'system' }, { tx, createdBy: a.actorName ?? undefined });
        await appendAudit(tx, { ...a, action: 'search.reindex', outcome: 'success', targetType: 'job', targetId: jobId, requestId: ctx.requestId, ip: ctx.ip });
        return { jobId };
      });
    },

    /** The job: rebuild from every record, with progress; then index what changed meanwhile. */
    async runReindex(ctx: JobContext<{ requestedBy: string }>) {
      const expected = await d.source.count();
      const t0 = Date.now();
      const r = await d.port.rebuild(d.source.all(2000), {
        expected,
        onProgress: (n, of) => ctx.progress(of ? Math.min(99, (n / of) * 100) : 0, `${n} / ${of ?? '?'}`),
      });
      const caughtUp = await d.indexer.drain();
      return { indexed: r.indexed, caughtUp, seconds: Math.round((Date.now() - t0) / 1000), stages: r.stages };
    },
  };
}
export type SearchService = ReturnType<typeof createSearchService>;
