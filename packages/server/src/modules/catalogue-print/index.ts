import type { Db } from '../../platform/db/database.ts';
import { createPrintService } from './print.service.ts';

export { printRoutes } from './print.routes.ts';

/** Printed forms of the catalogue; reads records, writes nothing. */
export function createPrintModule(db: Db) {
  return { print: createPrintService({ db }) };
}
export type PrintModule = ReturnType<typeof createPrintModule>;
