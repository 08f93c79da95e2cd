import { App, Button, Flex } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../i18n/index.tsx';
import { useAsync } from '../../../lib/useAsync.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { accessApi, type RequestFilter } from './access.api.ts';
import { RequestDrawer } from './RequestDrawer.tsx';
import { RequestForm } from './RequestForm.tsx';
import { RequestsTable } from './RequestsTable.tsx';

/** The reader's own requests: file one, follow its approval, view or download what was delivered. */
export function MyRequestsPage() {
  const { t } = useI18n();
  const a = t.access;
  const { message } = App.useApp();
  const [filter, setFilter] = useState<RequestFilter>({ offset: 0, limit: 20 });
  const list = useAsync(() => accessApi.list(filter), [filter]);
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <>
      <PageHeader title={a.mine.title} intro={a.mine.intro} testId="page-title" />
      <Flex justify="end" style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => setCreating(true)} data-testid="access-new">{a.newRequest}</Button>
      </Flex>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      <RequestsTable data={list.data} loading={list.loading} filter={filter} staff={false} onFilter={setFilter} onOpen={setOpen} />
      {creating && <RequestForm walkIn={false} onClose={() => setCreating(false)} onDone={(n) => { setCreating(false); message.success(a.submitted(n)); void list.reload(); }} />}
      {open && <RequestDrawer id={open} staff={false} onClose={() => setOpen(null)} onChanged={() => void list.reload()} />}
    </>
  );
}
