import type { ComponentType, ReactNode } from 'react';
import type { Role } from '@lantai/api';
import {
  ApartmentOutlined, AuditOutlined, EyeOutlined, DatabaseOutlined, FolderOpenOutlined, HomeOutlined, ImportOutlined, KeyOutlined, SearchOutlined, SafetyCertificateOutlined, ScheduleOutlined, TeamOutlined, UserOutlined,
} from '@ant-design/icons';
import { BarChartOutlined, FileSearchOutlined, SolutionOutlined } from '@ant-design/icons';
import { CloudServerOutlined } from '@ant-design/icons';
import { CloudUploadOutlined } from '@ant-design/icons';
import { SwapOutlined } from '@ant-design/icons';
import type { Dict } from '../i18n/index.tsx';
import { hasAnyRole } from '../lib/roles.ts';
import { AccessQueuePage } from './features/access/AccessQueuePage.tsx';
import { IngestPage } from './features/ingest/IngestPage.tsx';
import { TransferPage } from './features/transfer/TransferPage.tsx';
import { AccessStatsPage } from './features/access/AccessStatsPage.tsx';
import { MyRequestsPage } from './features/access/MyRequestsPage.tsx';
import { AccountPage } from './features/account/AccountPage.tsx';
import { AuditPage } from './features/audit/AuditPage.tsx';
import { CataloguePage } from './features/catalogue/CataloguePage.tsx';
import { FondsPage } from './features/fonds/FondsPage.tsx';
import { GrantsPage } from './features/grants/GrantsPage.tsx';
import { HomePage } from './features/home/HomePage.tsx';
import { ImportPage } from './features/import/ImportPage.tsx';
import { JobsPage } from './features/jobs/JobsPage.tsx';
import { OpenReviewPage } from './features/open-review/OpenReviewPage.tsx';
import { PreservationPage } from './features/preservation/PreservationPage.tsx';
import { SchemesPage } from './features/schemes/SchemesPage.tsx';
import { SearchPage } from './features/search/SearchPage.tsx';
import { TokensPage } from './features/tokens/TokensPage.tsx';
import { UsersPage } from './features/users/UsersPage.tsx';

export type NavKey = keyof Dict['nav'];

export interface AppRoute {
  key: Exclude<NavKey, 'logout'>;
  path: string;
  icon: ReactNode;
  Page: ComponentType;
  /** Roles that see the page; undefined means every signed-in user. Mirrors the server's policies. */
  roles?: readonly Role[];
}

/** Everyone but the 利用者: a reader's workbench is 我的查档 and 账号 only (no home page, no background jobs). */
const STAFF: readonly Role[] = ['sysadmin', 'secadmin', 'auditor', 'archivist', 'records_officer'];

/** The side navigation, in order. A page a user may not use is neither listed nor routed. */
export const ROUTES: readonly AppRoute[] = [
  { key: 'home', path: '/', icon: <HomeOutlined />, Page: HomePage, roles: STAFF },
  { key: 'users', path: '/users', icon: <TeamOutlined />, Page: UsersPage, roles: ['sysadmin'] },
  { key: 'grants', path: '/grants', icon: <SafetyCertificateOutlined />, Page: GrantsPage, roles: ['secadmin'] },
  { key: 'audit', path: '/audit', icon: <AuditOutlined />, Page: AuditPage, roles: ['auditor'] },
  { key: 'catalogue', path: '/catalogue', icon: <DatabaseOutlined />, Page: CataloguePage, roles: ['archivist', 'records_officer'] },
  { key: 'search', path: '/search', icon: <SearchOutlined />, Page: SearchPage, roles: ['archivist', 'records_officer'] },
  { key: 'fonds', path: '/fonds', icon: <FolderOpenOutlined />, Page: FondsPage, roles: ['archivist', 'records_officer'] },
  { key: 'schemes', path: '/schemes', icon: <ApartmentOutlined />, Page: SchemesPage, roles: ['archivist', 'records_officer'] },
  { key: 'import', path: '/import', icon: <ImportOutlined />, Page: ImportPage, roles: ['archivist', 'records_officer'] },
  { key: 'ingest', path: '/ingest', icon: <CloudUploadOutlined />, Page: IngestPage, roles: ['archivist', 'records_officer'] },
  { key: 'transfer', path: '/transfer', icon: <SwapOutlined />, Page: TransferPage, roles: ['archivist', 'records_officer'] },
  { key: 'openReview', path: '/open-review', icon: <EyeOutlined />, Page: OpenReviewPage, roles: ['archivist', 'records_officer'] },
  { key: 'accessMine', path: '/my-requests', icon: <FileSearchOutlined />, Page: MyRequestsPage, roles: ['reader'] },
  { key: 'accessQueue', path: '/access', icon: <SolutionOutlined />, Page: AccessQueuePage, roles: ['archivist'] },
  { key: 'accessStats', path: '/access-stats', icon: <BarChartOutlined />, Page: AccessStatsPage, roles: ['archivist'] },
  { key: 'preservation', path: '/preservation', icon: <CloudServerOutlined />, Page: PreservationPage, roles: ['archivist', 'sysadmin', 'auditor'] },
  { key: 'tokens', path: '/tokens', icon: <KeyOutlined />, Page: TokensPage, roles: ['archivist', 'records_officer'] },
  { key: 'jobs', path: '/jobs', icon: <ScheduleOutlined />, Page: JobsPage, roles: STAFF },
  { key: 'account', path: '/account', icon: <UserOutlined />, Page: AccountPage },
];

export function routesFor(roles: readonly Role[]): AppRoute[] {
  return ROUTES.filter((r) => !r.roles || hasAnyRole(roles, r.roles));
}
