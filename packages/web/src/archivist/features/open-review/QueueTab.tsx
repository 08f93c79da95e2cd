import { App, Button, Flex, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import type { ReviewSummary } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { useAsync } from '../../../lib/useAsync.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { DecideModal } from './DecideModal.tsx';
import { openReviewApi, type ReviewFilter } from './openReview.api.ts';
import { ReviewDrawer } from './ReviewDrawer.tsx';

/** The queue: filter by stage and hits, select rows for a batch opinion, open one for its detail; scan and publish. */
export function QueueTab({ archivist }: { archivist: boolean }) {
  const { t } = useI18n();
  const o = t.openReview;
  const { message } = App.useApp();
  const [filter, setFilter] = useState<ReviewFilter>({ stage: archivist ? 'initial' : 'co_review', offset: 0, limit: 50 });
  const list = useAsync(() => openReviewApi.list(filter), [filter]);
  const [selected, setSelected] = useState<string[]>([]);
  const [deciding, setDeciding] = useState<string[] | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const act = async (fn: () => Promise<string>) => {
    setBusy(true);
    try { message.success(await fn()); await list.reload(); } catch (e) { message.error(errorMessage(e)); } finally { setBusy(false); }
  };
  const scan = () => act(async () => { await openReviewApi.scan(); await new Promise((r) => setTimeout(r, 1500)); return o.scan; });
  const publish = () => act(async () => { const r = await openReviewApi.publish(); return o.published(r.batchNo, r.published, r.withdrawn); });
  const columns = [
    { title: o.archivalCode, dataIndex: 'archivalCode', width: 220 },
    { title: o.recordTitle, dataIndex: 'title', render: (v: string, r: ReviewSummary) => <a onClick={() => setOpen(r.id)} data-testid="review-open">{v}</a> },
    { title: o.year, dataIndex: 'year', width: 80 },
    { title: o.stage, dataIndex: 'stage', width: 120, render: (v: string) => o.stages[v] },
    { title: o.hits, dataIndex: 'hitCount', width: 90, render: (n: number) => (n ? <Tag color="red">{n}</Tag> : <Tag>0</Tag>) },
    { title: o.decision, dataIndex: 'decision', width: 110, render: (v: string | null) => (v ? o.decisions[v] : '—') },
    { title: o.publishedAt, dataIndex: 'publishedAt', width: 110, render: (v: string | null, r: ReviewSummary) => (v ? v.slice(0, 10) : r.decision && r.decision !== 'closed' ? o.unpublished : '—') },
  ];
  return (
    <>
      <Flex justify="space-between" wrap gap={8} style={{ marginBottom: 12 }}>
        <Space wrap>
          <Select style={{ width: 160 }} value={filter.stage ?? ''} aria-label={o.stage} data-testid="review-stage"
            options={[{ value: '', label: o.allStages }, ...['initial', 'co_review', 'final', 'decided'].map((s) => ({ value: s, label: o.stages[s] }))]}
            onChange={(v) => { setSelected([]); setFilter((f) => ({ ...f, stage: v || undefined, offset: 0 })); }} />
          <Select style={{ width: 120 }} value={filter.hits ?? ''} aria-label={o.hits}
            options={[{ value: '', label: o.allHits }, { value: 'any', label: o.anyHits }, { value: 'none', label: o.noHits }]}
            onChange={(v) => setFilter((f) => ({ ...f, hits: (v || undefined) as ReviewFilter['hits'], offset: 0 }))} />
          <Button type="primary" disabled={!selected.length} onClick={() => setDeciding(selected)} data-testid="review-decide">{o.decideSelected(selected.length)}</Button>
        </Space>
        {archivist && <Space wrap>
          <Button onClick={scan} loading={busy} data-testid="review-scan">{o.scan}</Button>
          <Button onClick={publish} loading={busy} data-testid="review-publish">{o.publish}</Button>
          <Button href={openReviewApi.exportUrl('xlsx')}>{o.exportXlsx}</Button>
          <Button href={openReviewApi.exportUrl('csv')}>{o.exportCsv}</Button>
        </Space>}
      </Flex>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      <Table<ReviewSummary> rowKey="id" size="small" loading={list.loading} dataSource={list.data?.items ?? []} columns={columns} data-testid="review-table"
        rowSelection={{ selectedRowKeys: selected, onChange: (k) => setSelected(k as string[]), getCheckboxProps: (r) => ({ disabled: r.stage === 'decided' }) }}
        pagination={{ current: filter.offset / filter.limit + 1, pageSize: filter.limit, total: list.data?.total ?? 0, showTotal: t.common.total,
          onChange: (p, size) => setFilter((f) => ({ ...f, offset: (p - 1) * size, limit: size })) }} />
      {deciding && <DecideModal ids={deciding} defaultTitle={list.data?.items.find((i) => i.id === deciding[0])?.title}
        onClose={() => setDeciding(null)} onDone={() => { setDeciding(null); setSelected([]); void list.reload(); }} />}
      {open && <ReviewDrawer id={open} onClose={() => setOpen(null)} />}
    </>
  );
}
