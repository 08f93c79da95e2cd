export { appendAudit, type AuditEntry } from './audit.repository.ts';
export { verifyAuditChain, type VerifyResult } from './audit.verify.ts';
export { auditRoutes } from './audit.routes.ts';
export { auditJobs } from './audit.jobs.ts';
