import { useState } from 'react';
import { Input, InputNumber, Select, Switch } from 'antd';
import { useI18n } from '../../../i18n/index.tsx';

/**
 * One check setting, edited by the type of its default: a list where the check names the choices, a number box within
 * its range, a switch, a text (empty for none), tags for a list of texts, JSON for anything else (a map of namespaces to schemas).
 */
export function SettingInput({ name, value, dflt, choices, range, disabled, onChange, onJsonError }: {
  name: string; value: unknown; dflt: unknown; choices?: (string | number)[]; range?: [number, number]; disabled: boolean;
  onChange: (v: unknown) => void; onJsonError: (bad: boolean) => void;
}) {
  const { t } = useI18n();
  const c = t.ingest.config;
  const testId = `setting-${name}`;
  const label = (v: unknown) => (c.choices as Record<string, string>)[String(v)] ?? String(v);
  if (choices) return <Select size="small" style={{ minWidth: 140 }} value={value as string} disabled={disabled} onChange={onChange} data-testid={testId} options={choices.map((v) => ({ value: v, label: label(v) }))} />;
  if (typeof dflt === 'number') return <InputNumber size="small" value={value as number} min={range?.[0]} max={range?.[1]} disabled={disabled} onChange={(v) => onChange(v ?? dflt)} data-testid={testId} />;
  if (typeof dflt === 'boolean') return <Switch size="small" checked={value as boolean} disabled={disabled} onChange={onChange} data-testid={testId} />;
  if (dflt === 'auto') return <Input size="small" style={{ width: 120 }} value={String(value)} disabled={disabled} onChange={(e) => onChange(/^\d+$/.test(e.target.value) ? Number(e.target.value) : e.target.value)} data-testid={testId} />;
  // A setting that is off by default (an XSD path): empty text means none.
  if (dflt === null) return <Input size="small" allowClear value={(value as string | null) ?? ''} disabled={disabled} onChange={(e) => onChange(e.target.value || null)} data-testid={testId} />;
  if (typeof dflt === 'string') return <Input size="small" value={value as string} disabled={disabled} onChange={(e) => onChange(e.target.value)} data-testid={testId} />;
  if (Array.isArray(dflt)) return <Select size="small" mode="tags" style={{ minWidth: 260 }} value={value as string[]} disabled={disabled} onChange={onChange} data-testid={testId} />;
  return <JsonInput value={value} disabled={disabled} onChange={onChange} onJsonError={onJsonError} testId={testId} />;
}

function JsonInput({ value, disabled, onChange, onJsonError, testId }: { value: unknown; disabled: boolean; onChange: (v: unknown) => void; onJsonError: (bad: boolean) => void; testId: string }) {
  const { t } = useI18n();
  const [text, setText] = useState(() => JSON.stringify(value ?? null));
  const [bad, setBad] = useState(false);
  return (
    <>
      <Input.TextArea size="small" autoSize={{ minRows: 1, maxRows: 6 }} style={{ minWidth: 260, fontFamily: 'monospace' }} value={text} disabled={disabled} status={bad ? 'error' : undefined} data-testid={testId}
        onChange={(e) => {
          setText(e.target.value);
          try {
            onChange(JSON.parse(e.target.value));
            setBad(false);
            onJsonError(false);
          } catch {
            setBad(true);
            onJsonError(true);
          }
        }} />
      {bad && <div style={{ color: '#cf1322', fontSize: 12 }}>{t.ingest.config.badJson}</div>}
    </>
  );
}
