import { Button, Card, Col, DatePicker, Row, Select, Space, Statistic, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useI18n } from '../../../i18n/index.tsx';
import { useAsync } from '../../../lib/useAsync.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { accessApi, type StatsFilter } from './access.api.ts';
import { BarChart } from './BarChart.tsx';

const METRICS = [
  { key: 'requests', color: '#1677ff' }, { key: 'approved', color: '#52c41a' }, { key: 'rejected', color: '#ff4d4f' },
  { key: 'deliveries', color: '#faad14' }, { key: 'views', color: '#722ed1' }, { key: 'downloads', color: '#13c2c2' },
] as const;

/** 利用统计: per period charts and table, the purposes, and the xlsx export of the same figures. */
export function AccessStatsPage() {
  const { t } = useI18n();
  const a = t.access;
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('year'), dayjs().endOf('year')]);
  const [period, setPeriod] = useState<StatsFilter['period']>('month');
  const filter: StatsFilter = { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD'), period };
  const s = useAsync(() => accessApi.stats(filter), [filter.from, filter.to, period]);
  const series = METRICS.map((m) => ({ ...m, label: a.metrics[m.key]! }));
  return (
    <>
      <PageHeader title={a.stats.title} intro={a.stats.intro} testId="page-title" />
      <Space wrap style={{ marginBottom: 16 }}>
        <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
        <Select style={{ width: 110 }} value={period} onChange={setPeriod} aria-label={a.chart.period} options={(['day', 'month', 'year'] as const).map((p) => ({ value: p, label: a.chart.periods[p] }))} />
        <Button href={accessApi.statsExportUrl(filter)} data-testid="access-stats-export">{a.chart.export}</Button>
      </Space>
      {s.error ? <ErrorAlert error={s.error} /> : null}
      {s.data && <>
        <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
          {series.map((m) => <Col key={m.key} xs={12} md={4}><Card size="small"><Statistic title={m.label} value={s.data!.totals[m.key]} styles={{ content: { color: m.color } }} /></Card></Col>)}
        </Row>
        <Card size="small" title={a.stats.title} style={{ marginBottom: 16 }}>
          <BarChart testId="access-chart" rows={s.data.rows.map((r) => ({ ...r, label: r.period }))} series={series.slice(0, 4)} />
        </Card>
        <Row gutter={16}>
          <Col xs={24} lg={10}>
            <Card size="small" title={a.byPurpose}>
              <BarChart testId="access-purpose-chart" rows={s.data.purposes.map((p) => ({ label: a.purposes[p.purpose]!.replace('民生·', ''), requests: p.requests }))} series={[series[0]!]} />
            </Card>
          </Col>
          <Col xs={24} lg={14}>
            <Table size="small" rowKey="period" pagination={false} dataSource={s.data.rows} data-testid="access-stats-table" scroll={{ y: 300 }}
              columns={[{ title: a.chart.period, dataIndex: 'period' }, ...series.map((m) => ({ title: m.label, dataIndex: m.key }))]} />
          </Col>
        </Row>
      </>}
    </>
  );
}
