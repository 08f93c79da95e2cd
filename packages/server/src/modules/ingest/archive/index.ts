import type { Conn, Db } from '../../../platform/db/database.ts';
import type { ObjectStorage } from '../../../platform/storage/index.ts';
import type { CheckServices } from '../checks/check.types.ts';
import { createArchiveQueries } from './archive.query.ts';
import { createArchiveService } from './archive.service.ts';

export { archiveRoutes } from './archive.routes.ts';

/** 单套制 归档 from business systems (issue #5, channel 1): POST /api/archive and its submissions. */
export function createArchiveModule(db: Db, storage: ObjectStorage, dataDir: string, clamd?: CheckServices['clamd'],
  /** Runs in the accept transaction with the new record (the container enqueues its AIP build). */
  onArchived?: (tx: Conn, recordIds: string[], by: string) => Promise<void>) {
  const service = createArchiveService({ db, storage, dataDir, clamd, onArchived });
  return { service, queries: createArchiveQueries({ db, storage, keys: service.keys }) };
}
export type ArchiveModule = ReturnType<typeof createArchiveModule>;
