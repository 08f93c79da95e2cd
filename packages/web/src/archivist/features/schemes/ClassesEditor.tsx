import { Checkbox, Col, Row, Table, Typography, type TableColumnsType } from 'antd';
import type { Retention, SchemeBody } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { dragRows, moveTo } from './list-ops.ts';
import { RowTools } from './RowTools.tsx';

type Level = SchemeBody['classOrder'][number];
const LEVELS: readonly Level[] = ['year', 'retention', 'org'];
const RETENTIONS: readonly Retention[] = ['Y', 'D30', 'D10', 'C', 'D'];
interface LevelRow { level: Level; i: number; on: boolean }

/** The class levels in order (年度 / 保管期限 / 机构, drag or ↑↓, tick to use) and the allowed 保管期限. */
export function ClassesEditor({ body, readOnly, onChange }: { body: SchemeBody; readOnly: boolean; onChange: (patch: Partial<SchemeBody>) => void }) {
  const { t } = useI18n();
  const order = body.classOrder;
  const rows: LevelRow[] = [...order.map((level, i) => ({ level, i, on: true })), ...LEVELS.filter((l) => !order.includes(l)).map((level, k) => ({ level, i: order.length + k, on: false }))];
  const move = (from: number, to: number) => {
    if (from < order.length && to < order.length) onChange({ classOrder: moveTo(order, from, to) });
  };
  const toggle = (level: Level, on: boolean) => {
    if (on) onChange({ classOrder: [...order, level] });
    else if (order.length > 1) onChange({ classOrder: order.filter((l) => l !== level) });
  };
  const drag = dragRows(move);

  const columns: TableColumnsType<LevelRow> = [
    { title: '#', key: 'n', width: 40, render: (_, r) => (r.on ? r.i + 1 : '') },
    {
      title: t.scheme.classOrder, key: 'level',
      render: (_, r) => (
        <Checkbox checked={r.on} disabled={readOnly || (r.on && order.length === 1)} onChange={(e) => toggle(r.level, e.target.checked)} data-testid={`class-on-${r.level}`}>
          <span data-testid={`class-level-${r.i}`}>{t.scheme.classes[r.level]}</span>
        </Checkbox>
      ),
    },
    ...(readOnly
      ? []
      : [{
          title: '', key: 'tools', width: 120,
          render: (_: unknown, r: LevelRow) =>
            r.on ? <RowTools index={r.i} count={order.length} onMove={move} handle={drag.handle(r.i)} testId="class" /> : null,
        }]),
  ];

  return (
    <Row gutter={[32, 16]}>
      <Col xs={24} lg={12}>
        <Typography.Paragraph type="secondary">{t.scheme.classOrderHint}</Typography.Paragraph>
        <div data-testid="class-order">
          <Table<LevelRow> rowKey="level" size="small" columns={columns} dataSource={rows} pagination={false} onRow={(r) => (readOnly || !r.on ? {} : drag.row(r.i))} />
        </div>
      </Col>
      <Col xs={24} lg={12}>
        <Typography.Title level={5} style={{ marginTop: 0 }}>{t.scheme.retentions}</Typography.Title>
        <Checkbox.Group<Retention>
          value={body.retentions}
          disabled={readOnly}
          onChange={(v) => v.length > 0 && onChange({ retentions: RETENTIONS.filter((r) => v.includes(r)) })}
          options={RETENTIONS.map((r) => ({ value: r, label: <span data-testid={`retention-${r}`}>{`${r} ${t.scheme.retentionNames[r]}`}</span> }))}
          style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
        />
      </Col>
    </Row>
  );
}
