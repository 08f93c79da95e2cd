import { Card, Col, Descriptions, Row, Typography, type DescriptionsProps } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../../i18n/index.tsx';
import { health } from '../../../lib/endpoints.ts';
import { emptyFondsMeans } from '../../../lib/roles.ts';
import { useAsync } from '../../../lib/useAsync.ts';
import { ClearanceTag, FondsScope, RoleTags } from '../../../ui/RoleTags.tsx';
import { routesFor } from '../../routes.tsx';
import { useUser } from '../../session.tsx';
import { IncidentBanner } from '../preservation/IncidentBanner.tsx';

/** Welcome, the user's roles (in the UI language), clearance, and shortcuts to the pages they may use. */
export function HomePage() {
  const { t } = useI18n();
  const user = useUser();
  const version = useAsync(() => health().then((h) => h.version), []);
  const links = routesFor(user.roles).filter((r) => r.key !== 'home');
  const fondsMeans = emptyFondsMeans(user.roles);
  const items: DescriptionsProps['items'] = [
    {
      key: 'roles',
      label: t.home.yourRoles,
      span: 2,
      children: (
        <span data-testid="home-roles">
          {user.roles.length ? <RoleTags roles={user.roles} /> : <Typography.Text type="warning">{t.home.noRoles}</Typography.Text>}
        </span>
      ),
    },
    { key: 'clearance', label: t.home.clearance, children: <ClearanceTag clearance={user.clearance} /> },
    ...(fondsMeans !== 'n/a' || user.fondsScope.length
      ? [{ key: 'fonds', label: t.home.fondsScope, children: <FondsScope scope={user.fondsScope} emptyMeans={fondsMeans} /> }]
      : []),
    ...(version.data ? [{ key: 'version', label: t.home.version, children: version.data }] : []),
  ];

  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="home-welcome">
        {t.home.welcome(user.displayName)}
      </Typography.Title>
      <IncidentBanner />
      <Card style={{ marginBottom: 24 }}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small" items={items} />
      </Card>
      <Typography.Title level={5}>{t.home.quickLinks}</Typography.Title>
      <Row gutter={[16, 16]}>
        {links.map((r) => (
          <Col key={r.key} xs={24} sm={12} lg={8} xl={6}>
            <Link to={r.path} data-testid={`home-link-${r.key}`}>
              <Card hoverable size="small">
                <Typography.Text style={{ fontSize: 16 }}>
                  <span style={{ marginRight: 8 }}>{r.icon}</span>
                  {t.nav[r.key]}
                </Typography.Text>
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </>
  );
}
