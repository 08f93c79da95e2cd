import { App, Button, Flex, Input, Segmented, Select, Space } from 'antd';
import { useState } from 'react';
import { AccessStatus } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { useAsync } from '../../../lib/useAsync.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { accessApi, type RequestFilter } from './access.api.ts';
import { FlowModal } from './FlowModal.tsx';
import { RequestDrawer } from './RequestDrawer.tsx';
import { RequestForm } from './RequestForm.tsx';
import { RequestsTable } from './RequestsTable.tsx';

/** The archivist's queue: waiting for me / all, by status or number; front-desk registration; the flow settings. */
export function AccessQueuePage() {
  const { t } = useI18n();
  const a = t.access;
  const { message } = App.useApp();
  const [filter, setFilter] = useState<RequestFilter>({ queue: '1', offset: 0, limit: 20 });
  const list = useAsync(() => accessApi.list(filter), [filter]);
  const [creating, setCreating] = useState(false);
  const [flow, setFlow] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <>
      <PageHeader title={a.queue.title} intro={a.queue.intro} testId="page-title" />
      <Flex justify="space-between" wrap gap={8} style={{ marginBottom: 12 }}>
        <Space wrap>
          <Segmented value={filter.queue ? 'mine' : 'all'} data-testid="access-scope"
            options={[{ value: 'mine', label: a.onlyMine }, { value: 'all', label: a.allRequests }]}
            onChange={(v) => setFilter((f) => ({ ...f, queue: v === 'mine' ? '1' : undefined, offset: 0 }))} />
          {!filter.queue && <Select style={{ width: 140 }} value={filter.status ?? ''} aria-label={a.statusLabel}
            options={[{ value: '', label: a.allStatus }, ...AccessStatus.options.map((s) => ({ value: s, label: a.status[s] }))]}
            onChange={(v) => setFilter((f) => ({ ...f, status: v || undefined, offset: 0 }))} />}
          <Input.Search allowClear placeholder={a.searchPlaceholder} style={{ width: 220 }} onSearch={(q) => setFilter((f) => ({ ...f, q: q || undefined, offset: 0 }))} />
        </Space>
        <Space>
          <Button onClick={() => setFlow(true)} data-testid="access-flow">{a.flow.edit}</Button>
          <Button type="primary" onClick={() => setCreating(true)} data-testid="access-walkin">{a.walkIn}</Button>
        </Space>
      </Flex>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      <RequestsTable data={list.data} loading={list.loading} filter={filter} staff onFilter={setFilter} onOpen={setOpen} />
      {creating && <RequestForm walkIn onClose={() => setCreating(false)} onDone={(n) => { setCreating(false); message.success(a.submitted(n)); void list.reload(); }} />}
      {flow && <FlowModal onClose={() => setFlow(false)} />}
      {open && <RequestDrawer id={open} staff onClose={() => setOpen(null)} onChanged={() => void list.reload()} />}
    </>
  );
}
