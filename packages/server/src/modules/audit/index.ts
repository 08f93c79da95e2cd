export { appendAudit, type AuditEntry } from './audit.repository.ts';
export { verifyAuditChain, type Checkpoint, type VerifyResult } from './audit.verify.ts';
export { CHECKPOINT_FILE, readCheckpointFile, verifyAndCheckpoint } from './audit.checkpoint.ts';
export { auditRoutes } from './audit.routes.ts';
export { auditJobs } from './audit.jobs.ts';
