export { createPreservationModule, type PreservationModule } from './preservation.module.ts';
export { preservationJobs } from './preservation.jobs.ts';
export { trackObjects } from './inventory.ts';
export { verifiedRead } from './read-check.ts';
export {
  recordPreservationEvent, recordPreservationEvents, listPreservationEvents, LANTAI_AGENT,
  type PreservationEventInput, type PreservationEvent, type PreservationAgent, type PreservationEventType,
} from './events.repository.ts';
export { preservationRoutes } from './preservation.routes.ts';
