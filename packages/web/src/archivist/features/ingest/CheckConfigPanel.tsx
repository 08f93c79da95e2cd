import { useEffect, useMemo, useState } from 'react';
import { App, Button, Flex, Segmented, Space, Switch, Table, Tag, Typography } from 'antd';
import type { IngestConfigView } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { fmtTime } from '../../../lib/format.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { ingest } from './ingest.client.ts';
import { SettingInput } from './SettingInput.tsx';

type Item = IngestConfigView['items'][number];
type Draft = Record<string, { enabled: boolean; settings: Record<string, unknown> }>;
const STAGES = ['GD', 'YJ', 'CQ'] as const;
const propertyColor = { authenticity: 'blue', integrity: 'green', usability: 'purple', safety: 'red' } as Record<string, string>;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * 检测方案: the DA/T 70 items of one stage, each switched on or off, with its settings; saving makes a new version
 * (PUT /api/ingest/config/:stage with the version edited: someone else's save in between is refused as stale).
 * Only settings that differ from the check's defaults are stored, so a later release's better default still reaches
 * an archive that never changed that setting.
 */
export function CheckConfigPanel({ canEdit }: { canEdit: boolean }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const c = t.ingest.config;
  const [stage, setStage] = useState<(typeof STAGES)[number]>('GD');
  const [view, setView] = useState<IngestConfigView | null>(null);
  const [draft, setDraft] = useState<Draft>({});
  const [badJson, setBadJson] = useState<Record<string, boolean>>({});
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  const load = (s: string) => ingest.config(s).then((v) => {
    setView(v);
    setDraft(Object.fromEntries(v.items.map((i) => [i.checkId, { enabled: i.enabled, settings: i.settings }])));
    setBadJson({});
  }, setError);
  useEffect(() => { setError(null); void load(stage); }, [stage]);

  const dirty = useMemo(() => !!view && view.items.some((i) => !same(draft[i.checkId], { enabled: i.enabled, settings: i.settings })), [view, draft]);
  const set = (id: string, patch: Partial<Draft[string]>) => setDraft((d) => ({ ...d, [id]: { ...d[id]!, ...patch } }));

  async function save() {
    if (!view) return;
    setSaving(true);
    setError(null);
    try {
      const items = Object.fromEntries(view.items.map((i) => {
        const d = draft[i.checkId]!;
        return [i.checkId, { enabled: d.enabled, settings: Object.fromEntries(Object.entries(d.settings).filter(([k, v]) => !same(v, i.defaults[k]))) }];
      }));
      const v = await ingest.putConfig(stage, { version: view.version, items });
      message.success(c.saved(v.version));
      await load(stage);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  const settingsCell = (i: Item) => {
    const keys = Object.keys(i.defaults);
    if (!keys.length) return <Typography.Text type="secondary">{c.none}</Typography.Text>;
    return (
      <Flex vertical gap={4}>
        {keys.map((k) => (
          <Flex key={k} gap={8} align="center" wrap>
            <span style={{ minWidth: 150 }} title={c.defaultIs(JSON.stringify(i.defaults[k]))}>{(c.labels as Record<string, string>)[k] ?? k}</span>
            <SettingInput name={`${i.checkId}.${k}`} value={draft[i.checkId]?.settings[k]} dflt={i.defaults[k]} choices={i.choices[k]} range={i.ranges[k]} disabled={!canEdit}
              onChange={(v) => set(i.checkId, { settings: { ...draft[i.checkId]!.settings, [k]: v } })}
              onJsonError={(bad) => setBadJson((b) => ({ ...b, [`${i.checkId}.${k}`]: bad }))} />
          </Flex>
        ))}
      </Flex>
    );
  };

  return (
    <>
      <Typography.Paragraph type="secondary">{c.intro}</Typography.Paragraph>
      <Flex gap={12} align="center" wrap style={{ marginBottom: 12 }}>
        <Segmented value={stage} onChange={(v) => setStage(v as typeof stage)} options={STAGES.map((s) => ({ value: s, label: t.ingest.stages[s] }))} data-testid="config-stage" />
        {view && <Tag data-testid="config-version">{c.version(view.version)}</Tag>}
        {view?.updatedBy && view.updatedAt && <Typography.Text type="secondary">{c.updated(view.updatedBy, fmtTime(view.updatedAt))}</Typography.Text>}
      </Flex>
      <ErrorAlert error={error} testId="config-error" />
      {!canEdit && <Typography.Paragraph type="warning">{c.readOnly}</Typography.Paragraph>}
      <Table<Item> rowKey="checkId" size="small" pagination={false} dataSource={view?.items ?? []} loading={!view && !error} data-testid="config-table"
        columns={[
          { title: t.ingest.code, dataIndex: 'code', width: 90 },
          { title: t.ingest.item, render: (_: unknown, i: Item) => (<Space orientation="vertical" size={0}><span>{lang === 'zh' ? i.name.zh : i.name.en}</span><Tag color={propertyColor[i.property]}>{(t.ingest.properties as Record<string, string>)[i.property] ?? i.property}</Tag></Space>) },
          { title: c.enabled, width: 70, render: (_: unknown, i: Item) => <Switch size="small" checked={draft[i.checkId]?.enabled ?? i.enabled} disabled={!canEdit} onChange={(on) => set(i.checkId, { enabled: on })} data-testid={`enabled-${i.checkId}`} /> },
          { title: c.settings, render: (_: unknown, i: Item) => settingsCell(i) },
        ]} />
      {canEdit && (
        <Flex gap={8} justify="end" style={{ marginTop: 12 }}>
          <Button disabled={!dirty || saving} onClick={() => void load(stage)}>{c.reset}</Button>
          <Button type="primary" loading={saving} disabled={!dirty || Object.values(badJson).some(Boolean)} onClick={() => void save()} data-testid="config-save">{c.save}</Button>
        </Flex>
      )}
    </>
  );
}
