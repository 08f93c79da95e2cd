import { useEffect, useState } from 'react';
import { Button, Card, Descriptions, Flex, Input, Modal, Progress, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import type { IngestReportItem, IngestRun } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { fmtTime } from '../../../lib/format.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { ingest } from './ingest.client.ts';

const LIVE = new Set(['queued', 'running', 'accepting']);
export const outcomeColor = { pass: 'green', fail: 'red', warning: 'orange', skipped: 'default' } as const;
export const verdictColor = { pass: 'green', warning: 'orange', fail: 'red' } as const;

/** One run: live progress while it checks, then the report (item, code, result, evidence) and the decision. */
export function RunView({ runId, canDecide }: { runId: string; canDecide: boolean }) {
  const { t, lang } = useI18n();
  const [run, setRun] = useState<IngestRun | null>(null);
  const [items, setItems] = useState<IngestReportItem[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [onlyProblems, setOnlyProblems] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [reason, setReason] = useState('');
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let stop = false;
    ingest.getRun(runId).then((r) => {
      if (stop) return;
      setRun(r);
      if (LIVE.has(r.status)) setTimeout(() => setTick((x) => x + 1), 700);
    }, setError);
    return () => { stop = true; };
  }, [runId, tick]);
  const settled = run && !LIVE.has(run.status) && run.status !== 'failed';
  useEffect(() => {
    if (!settled) return;
    ingest.report(runId, { offset: (page - 1) * 50, limit: 50, outcome: onlyProblems ? 'fail' : undefined }).then((r) => { setItems(r.items); setTotal(r.total); }, setError);
  }, [runId, settled, page, onlyProblems]);

  async function decide(d: 'accept' | 'reject') {
    try {
      setRun(await ingest.decide(runId, d, reason));
      setTick((x) => x + 1);
    } catch (e) {
      setError(e);
    }
  }
  if (!run) return <ErrorAlert error={error} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <ErrorAlert error={error} testId="ingest-run-error" />
      <Card data-testid="ingest-run">
        <Descriptions size="small" column={3} items={[
          { label: t.ingest.filename, children: run.filename },
          { label: t.ingest.stage, children: t.ingest.stages[run.stage] },
          { label: t.ingest.status, children: <Tag data-testid="ingest-run-status">{t.ingest.statuses[run.status]}</Tag> },
          { label: t.ingest.verdict, children: run.verdict ? <Tag color={verdictColor[run.verdict]} data-testid="ingest-verdict">{t.ingest.verdicts[run.verdict]}</Tag> : '—' },
          { label: t.ingest.layout, children: run.layout ?? '—' },
          { label: `${t.ingest.records} / ${t.ingest.files}`, children: `${run.recordCount} / ${run.fileCount}` },
          { label: t.ingest.createdAt, children: fmtTime(run.createdAt) },
          { label: t.ingest.digest, children: <Typography.Text code copyable style={{ fontSize: 11 }}>{run.reportSha256 ?? '—'}</Typography.Text>, span: 2 },
        ]} />
        {LIVE.has(run.status) && <Progress percent={run.percent} status="active" data-testid="ingest-progress" />}
        {LIVE.has(run.status) && <Typography.Text type="secondary">{run.progressMessage}</Typography.Text>}
        {run.failure && <Typography.Paragraph type="danger">{run.failure}</Typography.Paragraph>}
        {run.status === 'accepted' && <Typography.Paragraph type="success">{t.ingest.accepted(run.createdRecords)}</Typography.Paragraph>}
        <Flex gap={8} wrap style={{ marginTop: 8 }}>
          {run.reportPdfSha256 && <Button href={`/api/ingest/runs/${run.id}/report.pdf`}>{t.ingest.downloadPdf}</Button>}
          {run.reportSha256 && <Button href={`/api/ingest/runs/${run.id}/report.json`}>{t.ingest.downloadJson}</Button>}
          {canDecide && run.status === 'checked' && (
            <>
              <Button type="primary" disabled={run.verdict === 'fail'} data-testid="ingest-accept"
                onClick={() => Modal.confirm({ title: t.ingest.accept, content: t.ingest.confirmAccept, onOk: () => decide('accept'), okButtonProps: { 'data-testid': 'ingest-accept-confirm' } as never })}>{t.ingest.accept}</Button>
              <Input placeholder={t.ingest.reason} value={reason} onChange={(e) => setReason(e.target.value)} style={{ width: 240 }} />
              <Button danger onClick={() => decide('reject')} data-testid="ingest-reject">{t.ingest.reject}</Button>
            </>
          )}
        </Flex>
      </Card>
      {settled && (
        <Card title={t.ingest.report} extra={<Space>{t.ingest.onlyFailures}<Switch checked={onlyProblems} onChange={(v) => { setOnlyProblems(v); setPage(1); }} /></Space>}>
          <Table<IngestReportItem> rowKey="seq" size="small" dataSource={items} data-testid="ingest-report" tableLayout="fixed"
            pagination={{ current: page, pageSize: 50, total, onChange: setPage, showSizeChanger: false }}
            columns={[
              { title: t.ingest.code, dataIndex: 'code', width: 90 },
              { title: t.ingest.item, render: (_, i) => <><Tag>{t.ingest.properties[i.property]}</Tag>{lang === 'en' ? i.name.en : i.name.zh}</>, width: 300 },
              { title: t.ingest.outcome, dataIndex: 'outcome', width: 90, render: (o: IngestReportItem['outcome']) => <Tag color={outcomeColor[o]}>{t.ingest.outcomes[o]}</Tag> },
              { title: t.ingest.message, render: (_, i) => <>{i.subject && <Typography.Text type="secondary">{i.subject}：</Typography.Text>}{lang === 'en' ? i.en : i.zh}</> },
              { title: t.ingest.evidence, width: 300, ellipsis: true, render: (_, i) => <Tooltip title={<pre style={{ margin: 0, fontSize: 11, whiteSpace: 'pre-wrap' }}>{JSON.stringify(i.evidence, null, 1)}</pre>}><Typography.Text type="secondary" style={{ fontSize: 11 }}>{JSON.stringify(i.evidence)}</Typography.Text></Tooltip> },
            ]} />
        </Card>
      )}
    </Space>
  );
}
