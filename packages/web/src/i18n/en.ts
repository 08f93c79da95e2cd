import { transferEn } from './transfer.en.ts';
import type { Dict } from './types.ts';
import { ingestEn } from './ingest.en.ts';
import { archiveApiEn } from './archive-api.en.ts';
import { aipEn } from './aip.en.ts';
import { fondsEn, importsEn, schemeEn } from './archive.en.ts';
import { catalogueEn } from './catalogue.en.ts';
import { openReviewEn } from './open-review.en.ts';
import { accessEn } from './access.en.ts';
import { searchEn } from './search.en.ts';
import { preservationEn } from './preservation.en.ts';

/** English. Same keys as zh.ts; TypeScript checks that none is missing. */
export const en: Dict = {
  app: { name: 'Lantai', title: 'Lantai Archives Workbench', subtitle: 'Digital archives system' },
  common: {
    ok: 'OK', cancel: 'Cancel', save: 'Save', create: 'Create', search: 'Search', reset: 'Reset', refresh: 'Refresh',
    actions: 'Actions', yes: 'Yes', no: 'No', none: 'None', loading: 'Loading…', copy: 'Copy', copied: 'Copied',
    requestId: 'Request ID', networkError: 'Cannot reach the server; check the network', unknownError: 'Something went wrong', total: (n) => `${n} in total`,
  },
  lang: { switchTo: '中文', label: 'English' },
  nav: { home: 'Home', users: 'Users', grants: 'Grants', audit: 'Audit log', tokens: 'API tokens', jobs: 'Background jobs', catalogue: 'Catalogue', fonds: 'Fonds', schemes: 'Schemes', import: 'Import', ingest: 'Intake', transfer: 'Transfers', openReview: 'Open review', accessMine: 'My requests', accessQueue: 'Access requests', accessStats: 'Access statistics', search: 'Search', preservation: 'Preservation', account: 'My account', logout: 'Sign out' },
  roles: { sysadmin: 'System administrator', secadmin: 'Security administrator', auditor: 'Security auditor', archivist: 'Archivist', records_officer: 'Records officer', reader: 'Reader' },
  clearance: { public: 'Public', internal: 'Internal', mimi: 'Confidential (秘密)', jimi: 'Secret (机密)', juemi: 'Top secret (绝密)' },
  login: {
    title: 'Sign in to the workbench', username: 'User name', password: 'Password', submit: 'Sign in',
    usernameRequired: 'Enter your user name', passwordRequired: 'Enter your password',
  },
  home: {
    welcome: (name) => `Welcome, ${name}`, yourRoles: 'Your roles', noRoles: 'No roles yet; ask the security administrator for a grant',
    clearance: 'Clearance', fondsScope: 'Fonds scope', allFonds: 'All fonds', noFonds: 'None (no fonds granted)', quickLinks: 'Shortcuts', version: 'Server version',
  },
  account: {
    profile: 'Profile', username: 'User name', displayName: 'Name', roles: 'Roles', clearance: 'Clearance', fondsScope: 'Fonds scope',
    createdAt: 'Created', changePassword: 'Change password', currentPassword: 'Current password', newPassword: 'New password', confirmPassword: 'Confirm new password',
    passwordHint: 'At least 10 characters with letters and digits', mismatch: 'The two new passwords differ', required: 'Required', changed: 'Password changed',
    mustChangeTitle: 'Change your initial password', mustChangeText: 'For the safety of your account, set a new password before you use the system.',
  },
  users: {
    title: 'Users', create: 'New user', username: 'User name', displayName: 'Name', password: 'Initial password', roles: 'Roles',
    clearance: 'Clearance', status: 'Status', createdAt: 'Created', active: 'Active', disabled: 'Disabled', locked: 'Locked',
    mustChange: 'Must change password', disable: 'Disable', enable: 'Enable', unlock: 'Unlock', confirmDisable: (u) => `Disable the account ${u}?`,
    created: 'User created', updated: 'Updated', unlocked: 'Unlocked', usernameRule: '2–64 letters, digits or _ . @ -',
    createHint: 'New users change their password at first sign-in; the security administrator grants roles and clearance.',
  },
  grants: {
    title: 'Grants', intro: 'Grant roles, clearance and fonds scope. Separation of duties: no account may hold two of system administrator, security administrator and security auditor.',
    edit: 'Grant', editTitle: (u) => `Grant: ${u}`, roles: 'Roles', clearance: 'Clearance', fondsScope: 'Fonds scope',
    fondsPlaceholder: 'Type a fonds code and press Enter',
    fondsHint: 'A records officer reaches only the fonds listed (none if empty); an archivist is not limited by fonds.', saved: 'Grant saved', user: 'User', adminRole: 'admin',
  },
  tokens: {
    title: 'API tokens', intro: 'For integrations such as transfer and archiving. The secret is shown only once, at creation.', create: 'New token', name: 'Name',
    prefix: 'Prefix', scopes: 'Scopes', fondsScope: 'Fonds scope', expiresInDays: 'Valid for (days)', expiresHint: 'Empty means no expiry', fondsHint: 'Empty means the same as your own fonds scope; it can never exceed it.',
    createdAt: 'Created', expiresAt: 'Expires', lastUsedAt: 'Last used', status: 'Status', active: 'Active', revoked: 'Revoked',
    expired: 'Expired', never: 'Never', revoke: 'Revoke', confirmRevoke: (n) => `Revoke the token ${n}? This cannot be undone.`,
    revokedOk: 'Token revoked', secretTitle: (name) => `Token created: ${name}`, secretWarning: 'Copy this secret now and keep it safe; it will not be shown again.',
    scopeLabels: { 'archive:write': 'Archive write', 'catalogue:read': 'Catalogue read', 'catalogue:write': 'Catalogue write', 'transfer:write': 'Transfer write' },
  },
  audit: {
    title: 'Audit log', action: 'Action', actor: 'Actor', outcome: 'Outcome', at: 'Time', seq: 'No.', target: 'Target', ip: 'IP address',
    anyOutcome: 'Any outcome', outcomes: { success: 'Success', denied: 'Denied', failure: 'Failure' }, verify: 'Verify',
    verifyJob: 'Verify in background', verifyJobStarted: 'Verification job submitted; follow it under Background jobs',
    verifyOk: (n) => `The audit chain is intact; ${n} rows verified`,
    verifyBad: (seq, reason) => `Audit chain broken at row ${seq}: ${reason}`,
    reasons: { missing_row: 'row missing', prev_hash_mismatch: 'previous hash does not match', hash_mismatch: 'hash does not match', sequence_gap: 'gap in sequence' },
    detail: 'Detail', system: 'System',
  },
  jobs: {
    title: 'Background jobs', name: 'Job', state: 'State', progress: 'Progress', message: 'Message', createdAt: 'Created',
    startedAt: 'Started', completedAt: 'Completed', anyState: 'Any state', autoRefresh: 'Jobs running; refreshing every 2 seconds', empty: 'No jobs',
    states: { created: 'Queued', retry: 'Retrying', active: 'Running', completed: 'Completed', cancelled: 'Cancelled', failed: 'Failed' },
  },
  catalogue: catalogueEn,
  aip: aipEn,
  openReview: openReviewEn,
  access: accessEn,
  search: searchEn,
  preservation: preservationEn,
  fonds: fondsEn,
  scheme: schemeEn,
  imports: importsEn,
  ingest: ingestEn,
  transfer: transferEn,
  archiveApi: archiveApiEn,
  notFound: 'Page not found',
};
