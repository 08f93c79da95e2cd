import type { Db } from '../../platform/db/database.ts';
import { createBatchService } from './record.batch.ts';
import { createRecordQueries } from './record.query.ts';
import { createRecordService } from './record.service.ts';

export { catalogueRoutes } from './catalogue.routes.ts';
export { presentRecord } from './record.presenter.ts';

export function createCatalogueModule(db: Db) {
  const records = createRecordService({ db });
  return { records, batch: createBatchService({ db, records }), queries: createRecordQueries({ db }) };
}
export type CatalogueModule = ReturnType<typeof createCatalogueModule>;
