import { useState } from 'react';
import { Button, Layout, Menu, Space, Typography } from 'antd';
import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from '../../../i18n/index.tsx';
import { LanguageSwitch } from '../../../ui/LanguageSwitch.tsx';
import type { AppRoute } from '../../routes.tsx';
import { useSession, useUser } from '../../session.tsx';

/** Side navigation by role, a header with the user, language switch and sign-out, and the page. */
export function AppLayout({ routes }: { routes: readonly AppRoute[] }) {
  const { t } = useI18n();
  const { logout } = useSession();
  const user = useUser();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const current = routes.find((r) => r.path === pathname) ?? routes.find((r) => r.path !== '/' && pathname.startsWith(r.path));

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} width={216} data-testid="side-nav">
        <div className="lantai-brand">
          <span className="lantai-brand-mark">兰</span>
          {!collapsed && <span>{t.app.name}</span>}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={current ? [current.key] : []}
          onClick={({ key }) => {
            const r = routes.find((x) => x.key === key);
            if (r) void navigate(r.path);
          }}
          items={routes.map((r) => ({
            key: r.key,
            icon: r.icon,
            label: <span data-testid={`nav-${r.key}`}>{t.nav[r.key]}</span>,
          }))}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="lantai-header">
          <Typography.Text strong style={{ marginRight: 'auto', fontSize: 16 }}>
            {t.app.title}
          </Typography.Text>
          <Space size={4}>
            <Button type="text" icon={<UserOutlined />} onClick={() => void navigate('/account')} data-testid="header-user">
              {user.displayName}
            </Button>
            <LanguageSwitch />
            <Button type="text" icon={<LogoutOutlined />} onClick={() => void logout()} data-testid="logout">
              {t.nav.logout}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content className="lantai-content" data-testid="page-content">
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
