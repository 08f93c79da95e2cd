import { useState } from 'react';
import { Alert, App, Badge, Button, Card, Input, Popconfirm, Space, Tabs, Tag, Tooltip } from 'antd';
import { CheckCircleOutlined, ReloadOutlined, SaveOutlined } from '@ant-design/icons';
import type { Scheme, SchemeBody } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { ApiError } from '../../../lib/api.ts';
import { schemes } from '../../../lib/endpoints.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import type { CategoryContext } from '../fonds/CategoryPicker.tsx';
import { ClassesEditor } from './ClassesEditor.tsx';
import { CodePreview } from './CodePreview.tsx';
import { CodeRuleEditor } from './CodeRuleEditor.tsx';
import { OrgsEditor } from './OrgsEditor.tsx';
import { ScopeEditor } from './ScopeEditor.tsx';
import { STATUS_COLORS } from './SchemeVersions.tsx';

interface Props {
  scheme: Scheme;
  ctx: CategoryContext;
  canEdit: boolean;
  /** Not a 档案管理员 (e.g. a 立档单位档案员): may look, never edit or approve, whatever the status. */
  viewer?: boolean;
  onChanged: () => Promise<void>;
}

/**
 * One scheme version: the live 档号 preview above tabs for the 档号 rule, the classes and 保管期限, the 机构(问题)
 * codes and the 归档范围 + 保管期限表. A draft is edited here, saved whole (PUT, with the editVersion it started from)
 * and approved by another archivist. If someone else saved the draft in between, the save is refused (409
 * stale_version): the edits stay on screen, and the user may load the other version (dropping theirs).
 */
export function SchemeEditor({ scheme, ctx, canEdit, viewer = false, onChanged }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [body, setBody] = useState<SchemeBody>(scheme.body);
  const [note, setNote] = useState(scheme.note);
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'save' | 'approve' | 'reload' | null>(null);
  const [editVersion, setEditVersion] = useState(scheme.editVersion);
  const stale = error instanceof ApiError && error.code === 'stale_version';
  const readOnly = !canEdit;
  const edit = (patch: Partial<SchemeBody>) => {
    setBody((b) => ({ ...b, ...patch }));
    setDirty(true);
  };

  async function run(what: 'save' | 'approve') {
    setBusy(what);
    setError(null);
    try {
      if (what === 'save') {
        const saved = await schemes.save(scheme.id, body, note, editVersion);
        setEditVersion(saved.editVersion);
        setDirty(false);
        void message.success(t.scheme.saved);
      } else {
        await schemes.approve(scheme.id);
        void message.success(t.scheme.approved);
      }
      await onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  /** Replaces the screen's edits with the draft as saved now (after a stale_version refusal). */
  async function loadLatest() {
    setBusy('reload');
    try {
      const latest = await schemes.get(scheme.id);
      setBody(latest.body);
      setNote(latest.note);
      setEditVersion(latest.editVersion);
      setDirty(false);
      setError(null);
      void message.info(t.scheme.reloaded);
      await onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  const title = (
    <Space>
      <span>{t.scheme.v(scheme.version)}</span>
      <Tag color={STATUS_COLORS[scheme.status]}>{t.scheme.statuses[scheme.status]}</Tag>
      {dirty && <Badge status="warning" text={t.scheme.unsaved} data-testid="scheme-dirty" />}
    </Space>
  );
  const actions = canEdit && (
    <Space wrap>
      <Input value={note} onChange={(e) => { setNote(e.target.value); setDirty(true); }} placeholder={t.scheme.note} style={{ width: 240 }} maxLength={2000} data-testid="scheme-note" />
      <Button icon={<SaveOutlined />} type={dirty ? 'primary' : 'default'} disabled={!dirty} loading={busy === 'save'} onClick={() => void run('save')} data-testid="scheme-save">
        {t.scheme.save}
      </Button>
      <Popconfirm title={t.scheme.approveConfirm} okText={t.common.ok} cancelText={t.common.cancel} onConfirm={() => run('approve')} disabled={dirty}
        okButtonProps={{ 'data-testid': 'scheme-approve-confirm' }}>
        <Tooltip title={dirty ? t.scheme.saveFirst : undefined}>
          <Button icon={<CheckCircleOutlined />} disabled={dirty} loading={busy === 'approve'} data-testid="scheme-approve">
            {t.scheme.approve}
          </Button>
        </Tooltip>
      </Popconfirm>
    </Space>
  );

  const tabs = [
    { key: 'code', label: t.scheme.tabs.code, children: <CodeRuleEditor rule={body.codeRule} readOnly={readOnly} onChange={(codeRule) => edit({ codeRule })} /> },
    { key: 'classes', label: t.scheme.tabs.classes, children: <ClassesEditor body={body} readOnly={readOnly} onChange={edit} /> },
    { key: 'orgs', label: `${t.scheme.tabs.orgs} (${body.orgs.length})`, children: <OrgsEditor orgs={body.orgs} readOnly={readOnly} onChange={(orgs) => edit({ orgs })} /> },
    { key: 'scope', label: `${t.scheme.tabs.scope} (${body.scope.length})`, children: <ScopeEditor body={body} readOnly={readOnly} onChange={(scope) => edit({ scope })} /> },
  ];

  return (
    <Card title={title} extra={actions} data-testid="scheme-editor" data-status={scheme.status}>
      {stale ? (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} data-testid="scheme-stale"
          title={<span data-testid="scheme-error" data-code="stale_version">{t.scheme.staleTitle}</span>}
          description={t.scheme.staleHint}
          action={
            <Button icon={<ReloadOutlined />} loading={busy === 'reload'} onClick={() => void loadLatest()} data-testid="scheme-reload">
              {t.scheme.reloadLatest}
            </Button>
          } />
      ) : (
        <ErrorAlert error={error} testId="scheme-error" />
      )}
      {readOnly && <Alert type="info" showIcon title={viewer ? t.scheme.readOnlyViewer : t.scheme.readOnly} style={{ marginBottom: 16 }} data-testid="scheme-readonly" />}
      <CodePreview body={body} ctx={ctx} />
      <Tabs items={tabs.map((x) => ({ ...x, label: <span data-testid={`scheme-tab-${x.key}`}>{x.label}</span> }))} />
    </Card>
  );
}
