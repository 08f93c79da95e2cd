import { useState } from 'react';
import { Button, Card, Descriptions, Progress, Table, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import type { TransferDetail } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { uploadPackage } from '../ingest/ingest.client.ts';
import { verdictColor } from '../ingest/RunView.tsx';
import { transfers } from './transfer.client.ts';

type Pkg = TransferDetail['packages'][number];
type Check = TransferDetail['checks'][number];
const Digest = ({ v }: { v: string }) => <Typography.Text code copyable={{ text: v }} style={{ fontSize: 11 }}>{v.slice(0, 16)}…</Typography.Text>;

/** The packages of the transfer; the agency uploads (chunked) and attaches more, or removes one, while it may edit. */
export function PackagesCard({ d, editable, onChange, onError }: { d: TransferDetail; editable: boolean; onChange: (d: TransferDetail) => void; onError: (e: unknown) => void }) {
  const { t } = useI18n();
  const tt = t.transfer;
  const [progress, setProgress] = useState<number | null>(null);
  async function add(file: File) {
    setProgress(0);
    try {
      const up = await uploadPackage(file, (sent, total) => setProgress(Math.floor((100 * sent) / total)));
      onChange(await transfers.attach(d.id, d.version, up.id));
    } catch (e) {
      onError(e);
    } finally {
      setProgress(null);
    }
  }
  return (
    <Card title={tt.packages} extra={editable && (
      <Upload accept=".zip,.eep,.xml" showUploadList={false} beforeUpload={(f) => { void add(f); return false; }}>
        <Button icon={<UploadOutlined />} loading={progress !== null} data-testid="transfer-add-package">{progress !== null ? tt.uploading(progress) : tt.addPackage}</Button>
      </Upload>
    )}>
      <Table<Pkg> rowKey="id" size="small" pagination={false} dataSource={d.packages} data-testid="transfer-packages"
        columns={[
          { title: tt.filename, dataIndex: 'filename' },
          { title: tt.size, dataIndex: 'size', width: 120 },
          { title: 'SHA-256', dataIndex: 'sha256', width: 200, render: (v: string) => <Digest v={v} /> },
          { title: 'SM3', dataIndex: 'sm3', width: 200, render: (v: string) => <Digest v={v} /> },
          ...(editable ? [{ title: '', width: 80, render: (_: unknown, p: Pkg) => <Button size="small" danger onClick={() => transfers.detach(d.id, d.version, p.id).then(onChange, onError)}>{tt.detach}</Button> }] : []),
        ]} />
    </Card>
  );
}

/** Declared vs received totals and the 四性 outcome counts of the current round. */
export function SummaryCard({ d }: { d: TransferDetail }) {
  const { t } = useI18n();
  const tt = t.transfer;
  const s = d.summary;
  const pair = (a: number, b: number) => <span style={{ color: s.totalsMatch === false && a !== b ? '#cf1322' : undefined }}>{a} / {b}</span>;
  return (
    <Card title={tt.summary} data-testid="transfer-summary">
      <Descriptions size="small" column={4} items={[
        { label: tt.verdict, children: s.verdict ? <Tag color={verdictColor[s.verdict]} data-testid="transfer-verdict">{tt.verdicts[s.verdict]}</Tag> : '—' },
        { label: `${tt.records}（${tt.declared} / ${tt.received}）`, children: pair(d.declaredRecords, s.received.records) },
        { label: `${tt.files}（${tt.declared} / ${tt.received}）`, children: pair(d.declaredFiles, s.received.files) },
        { label: `${tt.bytes}（${tt.declared} / ${tt.received}）`, children: pair(d.declaredBytes, s.received.bytes) },
        { label: tt.totals, children: s.totalsMatch === null ? '—' : <Tag color={s.totalsMatch ? 'green' : 'red'}>{s.totalsMatch ? tt.totalsOk : tt.totalsBad}</Tag> },
        ...Object.entries(s.byProperty).map(([p, c]) => ({ label: tt.properties[p as keyof typeof tt.properties] ?? p, children: `✓${c.pass} ✗${c.fail} !${c.warning}` })),
      ]} />
    </Card>
  );
}

/** Every check run of every round with live progress and a link to its report. */
export function ChecksCard({ d }: { d: TransferDetail }) {
  const { t } = useI18n();
  const tt = t.transfer;
  return (
    <Card title={tt.checks}>
      <Table<Check> rowKey={(c) => c.run.id} size="small" pagination={false} dataSource={d.checks} data-testid="transfer-checks"
        columns={[
          { title: tt.round, dataIndex: 'round', width: 96 },
          { title: tt.filename, render: (_, c) => c.run.filename },
          { title: tt.status, width: 110, render: (_, c) => <Tag>{t.ingest.statuses[c.run.status]}</Tag> },
          { title: '', width: 200, render: (_, c) => <Progress size="small" percent={c.run.percent} status={c.run.status === 'running' || c.run.status === 'queued' ? 'active' : undefined} /> },
          { title: tt.verdict, width: 140, render: (_, c) => (c.run.verdict ? <Tag color={verdictColor[c.run.verdict]}>{tt.verdicts[c.run.verdict]}</Tag> : '—') },
          { title: `${tt.records} / ${tt.files}`, width: 100, render: (_, c) => `${c.run.recordCount} / ${c.run.fileCount}` },
          { title: tt.report, width: 160, render: (_, c) => c.run.reportPdfSha256 && <><Typography.Link href={`/ingest?run=${c.run.id}`}>{tt.run}</Typography.Link> · <Typography.Link href={`/api/ingest/runs/${c.run.id}/report.pdf`}>PDF</Typography.Link></> },
        ]} />
    </Card>
  );
}
