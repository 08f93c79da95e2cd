import { Flex, Spin } from 'antd';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { useI18n } from '../i18n/index.tsx';
import { ForcedPasswordChange } from './features/auth/ForcedPasswordChange.tsx';
import { LoginPage } from './features/auth/LoginPage.tsx';
import { AppLayout } from './features/layout/AppLayout.tsx';
import { routesFor } from './routes.tsx';
import { useSession } from './session.tsx';

/** Login gate → forced password change → the role-filtered workbench. */
export function App() {
  const { status, user } = useSession();
  const { t } = useI18n();
  if (status === 'loading') {
    return (
      <Flex align="center" justify="center" style={{ minHeight: '100vh' }} data-testid="app-loading">
        <Spin size="large" description={t.common.loading} />
      </Flex>
    );
  }
  if (!user) return <LoginPage />;
  if (user.mustChangePassword) return <ForcedPasswordChange />;
  const routes = routesFor(user.roles);
  return (
    <BrowserRouter>
      <Routes>
        <Route element={<AppLayout routes={routes} />}>
          {routes.map(({ key, path, Page }) => (
            <Route key={key} path={path} element={<Page />} />
          ))}
          {/* Unknown or not permitted paths go to the role's first page (a reader has no home page). */}
          <Route path="*" element={<Navigate to={routes[0]?.path ?? '/account'} replace />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
