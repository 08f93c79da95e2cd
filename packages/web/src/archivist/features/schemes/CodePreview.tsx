import { useState } from 'react';
import { Alert, Flex, Input, InputNumber, Select, Space, Typography } from 'antd';
import type { CodeElement, SchemeBody } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { renderCode, renderPrefix, ruleProblems } from '../../../lib/archival-code.ts';
import type { CategoryContext } from '../fonds/CategoryPicker.tsx';

const CODE_STYLE = { fontFamily: "'SFMono-Regular', Consolas, Menlo, 'DejaVu Sans Mono', 'Liberation Mono', monospace", fontSize: 22, fontWeight: 600, color: '#1f5f8b', letterSpacing: 0.5 };
const uses = (body: SchemeBody, field: CodeElement['field']) => body.codeRule.some((e) => e.field === field);

/**
 * The 档号 a record would get under the rule being edited — computed in the browser exactly as the server does
 * (lib/archival-code.ts) — for sample values the user can change, plus what the server would refuse on save.
 */
export function CodePreview({ body, ctx }: { body: SchemeBody; ctx: CategoryContext }) {
  const { t } = useI18n();
  const [year, setYear] = useState<number>(ctx.fonds.endYear ?? new Date().getFullYear());
  const [retention, setRetention] = useState<string>(body.retentions[0] ?? 'Y');
  // The chosen sample 机构 survives the editor re-mounting this panel (a save or reload of the draft).
  const orgKey = `lantai.sampleOrg.${ctx.category.code}`;
  const [org, setOrgState] = useState<string>(() => sessionStorage.getItem(orgKey) ?? body.orgs[0]?.code ?? '');
  const setOrg = (v: string) => { sessionStorage.setItem(orgKey, v); setOrgState(v); };
  const [catalogueNo, setCatalogueNo] = useState('1');
  // Follow the body: a sample value the scheme no longer has falls back to the first one it has.
  const r = body.retentions.includes(retention as never) ? retention : (body.retentions[0] ?? '');
  const o = org === '' || body.orgs.some((x) => x.code === org) ? org : (body.orgs[0]?.code ?? '');
  const values = { fonds: ctx.fonds.code, category: ctx.category.code, year, retention: r, org: o, catalogueNo };
  const { prefix, missing } = renderPrefix(body.codeRule, values);
  const code = renderCode(body.codeRule, prefix, 1);
  const problems = ruleProblems(body, ctx.category.mode).map((p) =>
    p === 'counter' ? (ctx.category.mode === 'item' ? t.scheme.problems.counterItem : t.scheme.problems.counterVolume) : t.scheme.problems[p],
  );

  return (
    <div style={{ background: '#f6f8fb', border: '1px solid #e3e8ef', borderRadius: 8, padding: '12px 16px', marginBottom: 16 }}>
      <Flex wrap gap={24} align="center">
        <div>
          <Typography.Text type="secondary">{t.scheme.preview}</Typography.Text>
          <div style={CODE_STYLE} data-testid="code-preview">{code || '—'}</div>
          {ctx.category.mode === 'volume' && code && (
            <Typography.Text type="secondary" style={{ fontFamily: 'monospace' }}>{`${code}-0001`}</Typography.Text>
          )}
        </div>
        <Space wrap size={12}>
          {uses(body, 'year') && (
            <InputNumber prefix={`${t.scheme.sampleYear}:`} min={1000} max={2999} value={year} onChange={(v) => v && setYear(v)} style={{ width: 150 }} data-testid="sample-year" />
          )}
          {uses(body, 'retention') && (
            <Select
              prefix={`${t.scheme.sampleRetention}:`}
              value={r}
              onChange={setRetention}
              style={{ minWidth: 170 }}
              options={body.retentions.map((x) => ({ value: x, label: `${x} ${t.scheme.retentionNames[x]}` }))}
              data-testid="sample-retention"
            />
          )}
          {uses(body, 'org') && (
            <Select
              prefix={`${t.scheme.sampleOrg}:`}
              value={o}
              onChange={setOrg}
              style={{ minWidth: 200 }}
              options={[{ value: '', label: t.scheme.noOrg }, ...body.orgs.map((x) => ({ value: x.code, label: `${x.code} ${x.name}` }))]}
              data-testid="sample-org"
            />
          )}
          {uses(body, 'catalogueNo') && (
            <Input prefix={`${t.scheme.sampleCatalogueNo}:`} value={catalogueNo} onChange={(e) => setCatalogueNo(e.target.value.toUpperCase())} style={{ width: 150 }} />
          )}
        </Space>
      </Flex>
      {missing.length > 0 && (
        <Alert type="warning" showIcon style={{ marginTop: 12 }} title={t.scheme.missing(missing.map((f) => t.scheme.fields[f as CodeElement['field']]).join('、'))} data-testid="code-missing" />
      )}
      {problems.length > 0 && (
        <Alert type="error" showIcon style={{ marginTop: 12 }} title={problems.join('；')} data-testid="code-problems" />
      )}
    </div>
  );
}
