import type { Db } from '../../platform/db/database.ts';
import { defineJob, type JobQueue } from '../../platform/jobs/job-queue.ts';
import { PgSearch } from '../../platform/search/pg.search.ts';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import { createDocumentSource } from './search.documents.ts';
import { createIndexer } from './search.indexer.ts';
import { createSearchService } from './search.service.ts';

export { searchRoutes } from './search.routes.ts';
export { searchScope } from './search.policy.ts';
export type { SearchPort, SearchScope, SearchQuery, SearchResult } from '../../platform/search/search.port.ts';

/** Search: the port (PostgreSQL adapter), the indexer that keeps it current, the API service and the reindex job. */
export function createSearchModule(d: { db: Db; storage: ObjectStorage; jobs: JobQueue; log?: (msg: string, err?: unknown) => void; databaseUrl?: string }) {
  // With the URL, a reindex writes by COPY on a connection of its own.
  const port = new PgSearch(d.db, { databaseUrl: d.databaseUrl });
  const source = createDocumentSource(d.db, d.storage);
  const indexer = createIndexer(port, source, d.log);
  const service = createSearchService({ db: d.db, port, jobs: d.jobs, source, indexer });
  const jobs = [defineJob({ name: 'search.reindex', handler: (ctx) => service.runReindex(ctx) })];
  return { port, source, indexer, service, jobs };
}
export type SearchModule = ReturnType<typeof createSearchModule>;
