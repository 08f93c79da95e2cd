import { Card, Col, Progress, Row, Typography } from 'antd';
import type { PreservationDashboard } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';

const COLORS = ['#cf1322', '#fa8c16', '#fadb14', '#52c41a', '#237804'];

/** One card per NDSA area: the level reached, the evidence, and why it is not higher. */
export function NdsaCards({ ndsa }: { ndsa: PreservationDashboard['ndsa'] }) {
  const { t, lang } = useI18n();
  const p = t.preservation;
  return (
    <Row gutter={[12, 12]} data-testid="ndsa-cards">
      {ndsa.map((a) => (
        <Col key={a.area} xs={24} md={12} xl={8} xxl={Math.floor(24 / 5) as 4}>
          <Card size="small" title={p.areas[a.area]} extra={<strong data-testid={`ndsa-${a.area}`}>{p.level(a.level)}{a.level ? ` · ${p.levelNames[a.level]}` : ''}</strong>} style={{ height: '100%' }}>
            <Progress percent={a.level * 25} steps={4} showInfo={false} strokeColor={COLORS[a.level]} style={{ display: 'block', marginBottom: 8 }} />
            {a.evidence.length > 0 && (
              <>
                <Typography.Text type="secondary">{p.evidence}</Typography.Text>
                <ul style={{ margin: '4px 0 8px', paddingLeft: 18 }}>{a.evidence.map((e, i) => <li key={i}>{lang === 'en' ? e.en : e.zh}</li>)}</ul>
              </>
            )}
            {a.notHigher.length > 0 && (
              <>
                <Typography.Text type="secondary">{p.notHigher}</Typography.Text>
                <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
                  {a.notHigher.map((r, i) => <li key={i}><Typography.Text type="warning">{p.levelShort(r.level)}</Typography.Text> {lang === 'en' ? r.en : r.zh}</li>)}
                </ul>
              </>
            )}
          </Card>
        </Col>
      ))}
    </Row>
  );
}
