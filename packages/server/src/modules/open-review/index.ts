import type { Db } from '../../platform/db/database.ts';
import type { JobQueue } from '../../platform/jobs/job-queue.ts';
import { createOpenReviewService } from './open-review.service.ts';
import { createPublishService } from './open-review.publish.ts';
import { createSettingsService } from './open-review.settings.ts';

export { openReviewRoutes } from './open-review.routes.ts';
export { openReviewJobs } from './open-review.jobs.ts';
export { scanDueRecords } from './open-review.scan.ts';

/** afterPublish: called once a publication committed (the portal drops its cached answers). */
export function createOpenReviewModule(db: Db, jobs: JobQueue, hooks: { afterPublish?: () => void } = {}) {
  return { reviews: createOpenReviewService({ db }), settings: createSettingsService({ db }), publication: createPublishService({ db, afterPublish: hooks.afterPublish }), jobs };
}
export type OpenReviewModule = ReturnType<typeof createOpenReviewModule>;
