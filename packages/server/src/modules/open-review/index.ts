import type { Db } from '../../platform/db/database.ts';
import type { JobQueue } from '../../platform/jobs/job-queue.ts';
import { createOpenReviewService } from './open-review.service.ts';
import { createPublishService } from './open-review.publish.ts';
import { createSettingsService } from './open-review.settings.ts';

export { openReviewRoutes } from './open-review.routes.ts';
export { openReviewJobs } from './open-review.jobs.ts';
export { scanDueRecords } from './open-review.scan.ts';

export function createOpenReviewModule(db: Db, jobs: JobQueue) {
  return { reviews: createOpenReviewService({ db }), settings: createSettingsService({ db }), publication: createPublishService({ db }), jobs };
}
export type OpenReviewModule = ReturnType<typeof createOpenReviewModule>;
