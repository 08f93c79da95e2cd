import type { Db } from '../../platform/db/database.ts';
import { createSchemeService } from '../scheme/scheme.service.ts';
import { createFondsService } from './fonds.service.ts';

export { fondsRoutes } from './fonds.routes.ts';
export { catalogueScope, type CatalogueScope } from './fonds.policy.ts';

/** Fonds and schemes travel together: a 门类 has no life outside its fonds. */
export function createFondsModule(db: Db) {
  return { fonds: createFondsService({ db }), schemes: createSchemeService({ db }) };
}
export type FondsModule = ReturnType<typeof createFondsModule>;
