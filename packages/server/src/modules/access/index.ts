import type { Db } from '../../platform/db/database.ts';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import { createAccessRepository } from './access.repository.ts';
import { createAccessSettings } from './access.settings.ts';
import { createApprovalService } from './approval.service.ts';
import { createDeliveryService } from './delivery.service.ts';
import { createRequestService, DEFAULT_LIMITS, type AccessLimits } from './request.service.ts';
import { createStatsService } from './stats.service.ts';

export { accessRoutes } from './access.routes.ts';
export { deliveryRoutes } from './delivery.routes.ts';

/** 利用 (查档/借阅): requests → approval flow → watermarked delivery → statistics. */
export function createAccessModule(db: Db, storage: ObjectStorage, limits: AccessLimits = DEFAULT_LIMITS) {
  const repo = createAccessRepository(db);
  const settings = createAccessSettings(db);
  const requests = createRequestService({ db, repo, settings, limits });
  const approvals = createApprovalService({ db, repo, settings, requests });
  const deliveries = createDeliveryService({ db, storage, repo, settings, requests });
  return { requests, approvals, deliveries, stats: createStatsService({ db }) };
}
export type AccessModule = ReturnType<typeof createAccessModule>;
