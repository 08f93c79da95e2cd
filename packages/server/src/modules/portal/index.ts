import type { Db } from '../../platform/db/database.ts';
import type { SearchPort } from '../../platform/search/search.port.ts';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import { createIiifSource } from './iiif.source.ts';
import { createNoticesService } from './notices.service.ts';
import { createPortalService } from './portal.service.ts';

export { portalRoutes } from './portal.routes.ts';

/** The public portal: published records, their images/PDF pages over IIIF, and notices. */
export function createPortalModule(db: Db, storage: ObjectStorage, rateLimitPerMinute: number, search: () => SearchPort) {
  return { portal: createPortalService({ db, search }), notices: createNoticesService({ db }), iiif: createIiifSource(storage), rateLimitPerMinute };
}
export type PortalModule = ReturnType<typeof createPortalModule>;
