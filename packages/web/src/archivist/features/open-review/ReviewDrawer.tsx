import { Descriptions, Drawer, Empty, Tag, Timeline, Typography } from 'antd';
import { useI18n } from '../../../i18n/index.tsx';
import { useAsync } from '../../../lib/useAsync.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { HitText } from './HitText.tsx';
import { openReviewApi } from './openReview.api.ts';

/** One review: the record's screened fields with hits marked, and every stage's opinion (the evidence). */
export function ReviewDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useI18n();
  const o = t.openReview;
  const r = useAsync(() => openReviewApi.get(id), [id]);
  const d = r.data;
  const field = (name: 'title' | 'remarks' | 'responsible' | 'subjects', text: string) => <HitText text={text} hits={d?.hits.filter((h) => h.field === name) ?? []} />;
  return (
    <Drawer open width={640} title={o.detail} onClose={onClose} data-testid="review-drawer">
      {r.error ? <ErrorAlert error={r.error} /> : null}
      {d && <>
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={o.archivalCode}>{d.archivalCode}</Descriptions.Item>
          <Descriptions.Item label={o.fields.title}>{field('title', d.record.title)}</Descriptions.Item>
          <Descriptions.Item label={o.fields.subjects}>{field('subjects', d.record.subjects.join('；'))}</Descriptions.Item>
          <Descriptions.Item label={o.fields.responsible}>{field('responsible', d.record.responsible)}</Descriptions.Item>
          <Descriptions.Item label={o.fields.remarks}>{field('remarks', d.record.remarks)}</Descriptions.Item>
          <Descriptions.Item label={o.stage}>{o.stages[d.stage]} {d.coReview && <Tag>{o.coReview}</Tag>}</Descriptions.Item>
        </Descriptions>
        <Typography.Title level={5} style={{ marginTop: 16 }}>{o.hits}</Typography.Title>
        {d.hits.length === 0 ? <Typography.Text type="secondary">{o.noHitsText}</Typography.Text> : (
          <ul>{d.hits.map((h, i) => <li key={i}><Tag color={h.kind === 'term' || h.kind === 'security' ? 'red' : 'orange'}>{o.hitKinds[h.kind]}</Tag>{o.fields[h.field] ?? h.field}: <mark>{h.text}</mark></li>)}</ul>
        )}
        <Typography.Title level={5}>{o.opinions}</Typography.Title>
        {d.opinions.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : (
          <Timeline items={d.opinions.map((op) => ({ children: <><b>{o.stages[op.stage]}</b> · {op.actor} · {o.decisions[op.decision]} · {op.at.slice(0, 16).replace('T', ' ')}<br />{op.reason}</> }))} />
        )}
      </>}
    </Drawer>
  );
}
