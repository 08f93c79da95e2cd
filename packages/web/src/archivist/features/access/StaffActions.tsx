import { App, Button, Card, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { DeliveryMode, type AccessRequest, type ArchivalRecord } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { accessApi } from './access.api.ts';

/** The archivist's part: attach records (受理 step), decide the current step, deliver once approved. */
export function StaffActions({ request: r, onChanged }: { request: AccessRequest; onChanged: (r: AccessRequest) => void }) {
  const { t } = useI18n();
  const a = t.access;
  const { message } = App.useApp();
  const [picked, setPicked] = useState<string[]>(r.items.map((i) => i.recordId));
  const [options, setOptions] = useState<{ value: string; label: string }[]>(r.items.map((i) => ({ value: i.recordId, label: `${i.archivalCode} ${i.title}` })));
  const [reason, setReason] = useState('');
  const [mode, setMode] = useState<DeliveryMode>(r.preferredMode);
  const [days, setDays] = useState(7);
  const [busy, setBusy] = useState(false);
  const act = async (fn: () => Promise<AccessRequest>, ok: string) => {
    setBusy(true);
    try { onChanged(await fn()); message.success(ok); } catch (e) { message.error(errorMessage(e)); } finally { setBusy(false); }
  };
  const search = async (q: string) => {
    if (q.trim().length < 1) return;
    const res = await accessApi.findRecords(q.trim()).catch(() => ({ items: [] as ArchivalRecord[] }));
    setOptions((o) => [...o.filter((x) => picked.includes(x.value)), ...res.items.filter((x) => !picked.includes(x.id)).map((x) => ({ value: x.id, label: `${x.archivalCode} ${x.title}` }))]);
  };
  const reviewing = r.status === 'reviewing';
  const step = r.steps[r.currentStep];
  return (
    <Space orientation="vertical" style={{ width: '100%', marginBottom: 16 }}>
      {reviewing && r.currentStep === 0 && <Card size="small" title={a.setItems}>
        {r.requestedRecordIds.length > 0 && <Typography.Paragraph type="secondary">{a.requested}: {r.requestedRecordIds.length}</Typography.Paragraph>}
        <Space.Compact style={{ width: '100%' }}>
          <Select mode="multiple" showSearch={{ filterOption: false, onSearch: (q) => void search(q) }} style={{ width: '100%' }} placeholder={a.pickRecords} value={picked} options={options}
            onChange={setPicked} data-testid="access-pick" />
          <Button loading={busy} onClick={() => void act(() => accessApi.setItems(r.id, picked), a.itemsSaved)} data-testid="access-save-items">{a.saveItems}</Button>
        </Space.Compact>
      </Card>}
      {reviewing && step && <Card size="small" title={`${a.step}: ${step.label}`}>
        <Space.Compact style={{ width: '100%' }}>
          <Input placeholder={a.reason} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} data-testid="access-reason" />
          <Button type="primary" loading={busy} onClick={() => void act(() => accessApi.decide(r.id, { decision: 'approve', reason, stepIndex: r.currentStep }), a.decided)} data-testid="access-approve">{a.approve}</Button>
          <Button danger loading={busy} onClick={() => reason.trim().length < 2 ? message.warning(a.reasonRequired) : void act(() => accessApi.decide(r.id, { decision: 'reject', reason, stepIndex: r.currentStep }), a.decided)} data-testid="access-reject">{a.reject}</Button>
        </Space.Compact>
      </Card>}
      {r.status === 'approved' && <Card size="small" title={a.deliverTitle}>
        <Space wrap>
          <Select style={{ width: 220 }} value={mode} onChange={setMode} options={DeliveryMode.options.map((m) => ({ value: m, label: a.modes[m] }))} data-testid="access-mode" />
          <span>{a.days}</span><InputNumber min={1} max={90} value={days} onChange={(v) => setDays(v ?? 7)} />
          <Button type="primary" loading={busy} onClick={() => void act(() => accessApi.deliver(r.id, mode, days), a.delivered)} data-testid="access-deliver">{a.deliver}</Button>
        </Space>
      </Card>}
    </Space>
  );
}
