import type { Db } from '../../platform/db/database.ts';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import { createRecordFileService } from './record-files.service.ts';
import { createBatchService } from './record.batch.ts';
import { createClassSignatures } from './class-sig.store.ts';
import { createRecordQueries } from './record.query.ts';
import { createRecordService, type ArchivedHook } from './record.service.ts';

export { catalogueRoutes } from './catalogue.routes.ts';
export { recordFileRoutes, contentDisposition } from './record-files.routes.ts';
export { presentRecord } from './record.presenter.ts';

export function createCatalogueModule(db: Db, storage: ObjectStorage, onArchived?: ArchivedHook, log?: (msg: string, err?: unknown) => void) {
  const records = createRecordService({ db, onArchived });
  const signatures = createClassSignatures(db, log);
  return {
    records, signatures, batch: createBatchService({ db, records }), queries: createRecordQueries({ db, signatures }), files: createRecordFileService({ db, storage, records }),
  };
}
export type CatalogueModule = ReturnType<typeof createCatalogueModule>;
