import { useState } from 'react';
import { Alert, Segmented, Table, Tag, type TableColumnsType } from 'antd';
import type { ImportRowIssue } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { imports } from '../../../lib/endpoints.ts';
import { usePagedList } from '../../../lib/usePagedList.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';

type Severity = ImportRowIssue['severity'];

function useColumns(): TableColumnsType<ImportRowIssue> {
  const { t, lang } = useI18n();
  return [
    { title: t.imports.row, dataIndex: 'row', key: 'row', width: 72 },
    { title: t.imports.column, key: 'column', width: 140, render: (_, i) => i.column ?? '—' },
    {
      title: t.imports.severity, key: 'severity', width: 80,
      render: (_, i) => <Tag color={i.severity === 'error' ? 'red' : 'gold'}>{t.imports.severities[i.severity]}</Tag>,
    },
    { title: t.imports.message, key: 'message', render: (_, i) => (lang === 'en' ? i.en : i.zh) },
    { title: t.imports.value, key: 'value', width: 220, ellipsis: true, render: (_, i) => (i.value ? <code>{i.value}</code> : '—') },
  ];
}

/** A short list of issues already at hand (the preview's reading notes). */
export function IssueList({ title, issues, testId }: { title: string; issues: ImportRowIssue[]; testId: string }) {
  const columns = useColumns();
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      title={title}
      description={
        <div data-testid={testId}>
          <Table<ImportRowIssue> rowKey={(i) => `${i.row}:${i.column}:${i.code}`} size="small" columns={columns} dataSource={issues} pagination={{ pageSize: 5, hideOnSinglePage: true }} />
        </div>
      }
    />
  );
}

/** The problems validation found, row by row, paged on the server; errors or warnings. */
export function IssuesTable({ importId, errorCount, warningCount }: { importId: string; errorCount: number; warningCount: number }) {
  const { t } = useI18n();
  const [severity, setSeverity] = useState<Severity>(errorCount > 0 || warningCount === 0 ? 'error' : 'warning');
  const list = usePagedList((offset, limit) => imports.errors(importId, offset, limit, severity), [importId, severity], 10);
  const columns = useColumns();
  return (
    <>
      <Segmented<Severity>
        value={severity}
        onChange={(v) => {
          setSeverity(v);
          list.resetPage();
        }}
        options={[
          { value: 'error', label: <span data-testid="issues-errors">{`${t.imports.severities.error} (${errorCount})`}</span> },
          { value: 'warning', label: <span data-testid="issues-warnings">{`${t.imports.severities.warning} (${warningCount})`}</span> },
        ]}
        style={{ marginBottom: 12 }}
      />
      <ErrorAlert error={list.error} />
      <div data-testid="import-issues">
        <Table<ImportRowIssue>
          rowKey={(i) => `${i.row}:${i.column}:${i.code}:${i.field}`}
          size="small"
          columns={columns}
          dataSource={list.items}
          loading={list.loading}
          pagination={{ ...list.pagination, showTotal: t.common.total }}
          scroll={{ x: 'max-content' }}
        />
      </div>
    </>
  );
}
