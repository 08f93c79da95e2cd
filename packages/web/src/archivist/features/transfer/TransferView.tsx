import { useEffect, useState } from 'react';
import { Alert, Button, Card, Descriptions, Flex, Input, Modal, Space, Steps, Tag, Typography } from 'antd';
import type { TransferDetail, TransferStatus } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { fmtTime } from '../../../lib/format.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { useUser } from '../../session.tsx';
import { formUrl, transfers } from './transfer.client.ts';
import { ChecksCard, PackagesCard, SummaryCard } from './TransferParts.tsx';

const LIVE = new Set<TransferStatus>(['checking', 'accepting']);
export const statusColor: Record<TransferStatus, string> = { draft: 'default', submitted: 'blue', checking: 'processing', checked: 'gold', accepting: 'processing', accepted: 'green', returned: 'red', confirmed: 'green' };
const stepOf = (s: TransferStatus) => ({ draft: 0, returned: 0, submitted: 1, checking: 2, checked: 3, accepting: 3, accepted: 4, confirmed: 5 })[s];

/** One 移交单: its data, packages, check progress and summary, and the actions each side may take now. */
export function TransferView({ id }: { id: string }) {
  const { t } = useI18n();
  const tt = t.transfer;
  const user = useUser();
  const [d, setD] = useState<TransferDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const agency = user.roles.includes('records_officer');
  const archive = user.roles.includes('archivist');

  useEffect(() => {
    let stop = false;
    transfers.get(id).then((r) => {
      if (stop) return;
      setD(r);
      if (LIVE.has(r.status)) setTimeout(() => setTick((x) => x + 1), 800);
    }, setError);
    return () => { stop = true; };
  }, [id, tick]);

  async function run(f: () => Promise<TransferDetail>) {
    setError(null);
    try {
      setD(await f());
      setTick((x) => x + 1);
    } catch (e) {
      setError(e);
    }
  }
  if (!d) return <ErrorAlert error={error} />;
  const s = d.status;
  const editable = agency && (s === 'draft' || s === 'returned');
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <ErrorAlert error={error} testId="transfer-error" />
      <Card data-testid="transfer-view">
        <Steps size="small" current={stepOf(s)} status={s === 'returned' ? 'error' : undefined} style={{ marginBottom: 16 }}
          items={[tt.steps.draft, tt.steps.submitted, tt.steps.checking, tt.steps.decided, tt.steps.confirmed].map((title) => ({ title }))} />
        <Descriptions size="small" column={3} items={[
          { label: tt.number, children: <Typography.Text strong data-testid="transfer-number">{d.number}</Typography.Text> },
          { label: tt.status, children: <Tag color={statusColor[s]} data-testid="transfer-status">{tt.statuses[s]}</Tag> },
          { label: tt.round, children: d.round },
          { label: tt.name, children: d.title, span: 3 },
          { label: tt.transferringUnit, children: d.transferringUnit },
          { label: tt.receivingUnit, children: d.receivingUnit },
          { label: tt.fonds, children: `${d.fondsCode} ${d.fondsName}` },
          { label: tt.category, children: `${d.categoryCode} ${d.categoryName}` },
          { label: tt.years, children: d.yearFrom === d.yearTo ? d.yearFrom : `${d.yearFrom}–${d.yearTo}` },
          { label: tt.createdBy, children: `${d.createdBy} · ${fmtTime(d.createdAt)}` },
          { label: tt.confirmAgency, children: d.agencyConfirmedAt ? `${d.agencyConfirmedBy} · ${fmtTime(d.agencyConfirmedAt)}` : tt.pending },
          { label: tt.confirmArchive, children: d.archiveConfirmedAt ? `${d.archiveConfirmedBy} · ${fmtTime(d.archiveConfirmedAt)}` : tt.pending },
        ]} />
        {d.returnReason && s === 'returned' && <Alert type="warning" showIcon style={{ marginTop: 8 }} title={`${tt.returnedBecause}${d.returnReason}`} data-testid="transfer-return-reason" />}
        {d.failure && <Alert type="error" showIcon style={{ marginTop: 8 }} title={`${tt.failure}${d.failure}`} />}
        {(s === 'accepted' || s === 'confirmed') && <Typography.Paragraph type="success" style={{ marginTop: 8 }}>{tt.acceptedRecords(d.createdRecords)}</Typography.Paragraph>}
        <Flex gap={8} wrap style={{ marginTop: 12 }}>
          {editable && <Button type="primary" disabled={!d.packages.length} onClick={() => run(() => transfers.act(id, 'submit', d.version))} data-testid="transfer-submit">{tt.submit}</Button>}
          {archive && s === 'submitted' && <Button type="primary" onClick={() => run(() => transfers.act(id, 'check', d.version))} data-testid="transfer-check">{tt.startChecks}</Button>}
          {archive && s === 'checked' && (
            <Button type="primary" disabled={d.summary.verdict === 'fail' || !d.summary.totalsMatch} data-testid="transfer-accept"
              onClick={() => Modal.confirm({ title: tt.accept, content: tt.confirmAccept, onOk: () => run(() => transfers.act(id, 'accept', d.version)), okButtonProps: { 'data-testid': 'transfer-accept-ok' } as never })}>{tt.accept}</Button>
          )}
          {archive && s === 'checked' && <Button onClick={() => run(() => transfers.act(id, 'check', d.version))} data-testid="transfer-check-again">{tt.checkAgain}</Button>}
          {archive && (s === 'checked' || s === 'submitted') && <Button danger onClick={() => setReturning(true)} data-testid="transfer-return">{tt.return}</Button>}
          {agency && s === 'accepted' && !d.agencyConfirmedAt && <Button type="primary" onClick={() => run(() => transfers.act(id, 'confirm-agency', d.version))} data-testid="transfer-confirm-agency">{tt.confirmAgency}</Button>}
          {archive && s === 'accepted' && !d.archiveConfirmedAt && <Button type="primary" onClick={() => run(() => transfers.act(id, 'confirm-archive', d.version))} data-testid="transfer-confirm-archive">{tt.confirmArchive}</Button>}
          {d.formSha256 && <Button href={formUrl(id)} data-testid="transfer-form-download">{tt.downloadForm}</Button>}
        </Flex>
      </Card>
      <PackagesCard d={d} editable={editable} onChange={setD} onError={setError} />
      {d.checks.length > 0 && <SummaryCard d={d} />}
      {d.checks.length > 0 && <ChecksCard d={d} />}
      <Modal open={returning} title={tt.return} onCancel={() => setReturning(false)} okButtonProps={{ danger: true, disabled: !reason.trim(), 'data-testid': 'transfer-return-ok' } as never}
        onOk={async () => { await run(() => transfers.giveBack(id, d.version, reason.trim())); setReturning(false); setReason(''); }}>
        <Typography.Paragraph>{tt.returnReasonRequired}</Typography.Paragraph>
        <Input.TextArea rows={4} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={tt.returnReason} data-testid="transfer-return-text" />
      </Modal>
    </Space>
  );
}
