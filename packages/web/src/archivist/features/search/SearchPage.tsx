import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Col, Empty, Flex, Input, List, Modal, Progress, Row, Segmented, Space, Tag, Typography } from 'antd';
import { useI18n } from '../../../i18n/index.tsx';
import { useJob, jobDone } from '../../../lib/useJob.ts';
import { useSession } from '../../session.tsx';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { AdvancedForm, type Advanced } from './AdvancedForm.tsx';
import { FacetPanel } from './FacetPanel.tsx';
import { Highlight } from './Highlight.tsx';
import { PreviewDrawer } from './PreviewDrawer.tsx';
import { FACETS, searchApi, toFilters, type SearchFacetName, type SearchHit, type SearchResponse, type SearchStatus } from './search.api.ts';
import './search.css';

type Sort = 'relevance' | 'archivalCode' | 'date';

/** 全文检索: one box (words, "phrases", -exclusions, field:value, pinyin), facets with counts, highlighted hits, a preview drawer. */
export function SearchPage() {
  const { t, lang } = useI18n();
  const s = t.search;
  const { user } = useSession();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [sort, setSort] = useState<Sort>('relevance');
  const [sel, setSel] = useState<Partial<Record<SearchFacetName, string[]>>>({});
  const [adv, setAdv] = useState<Advanced>({ fields: {} });
  const [showAdv, setShowAdv] = useState(false);
  const [res, setRes] = useState<SearchResponse>();
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [preview, setPreview] = useState<SearchHit | null>(null);
  const [status, setStatus] = useState<SearchStatus>();
  const [jobId, setJobId] = useState<string | null>(null);
  const { job } = useJob(jobId);

  const run = useCallback(async (cursor: string | null) => {
    setLoading(true);
    try {
      const filters = { ...toFilters(sel), ...(adv.yearFrom ? { yearFrom: adv.yearFrom } : {}), ...(adv.yearTo ? { yearTo: adv.yearTo } : {}) };
      const r = await searchApi.query({ q, fields: adv.fields, sort, filters, facets: FACETS, limit: 20, cursor });
      setRes(r);
      setHits((old) => (cursor ? [...old, ...r.hits] : r.hits));
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, [q, sort, sel, adv]);
  useEffect(() => void run(null), [run]);
  useEffect(() => {
    void searchApi.status().then(setStatus, () => undefined);
  }, [res, job?.state]);
  useEffect(() => {
    if (jobDone(job)) void run(null);
  }, [job, run]);

  const fmt = (n: number) => n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US');
  const reindex = () => Modal.confirm({ title: s.reindex, content: s.reindexConfirm, onOk: async () => setJobId((await searchApi.reindex()).jobId) });
  const canReindex = !!user?.roles.some((r) => r === 'archivist' || r === 'sysadmin');
  const p = res?.parsed;

  return (
    <>
      <PageHeader title={s.title} intro={s.intro} testId="page-title" extra={
        <Space>
          {status && <Typography.Text type="secondary" data-testid="search-status">{s.status(status.documents, status.pending, status.lagSeconds)}</Typography.Text>}
          {canReindex && <Button onClick={reindex} disabled={!!job && !jobDone(job)}>{s.reindex}</Button>}
        </Space>
      } />
      {job && !jobDone(job) && <Flex align="center" gap={8} style={{ marginBottom: 12 }}><span>{s.reindexing}</span><Progress percent={Math.round(job.percent)} style={{ flex: 1 }} /></Flex>}
      <Flex gap={12} style={{ marginBottom: 16 }}>
        <Input.Search value={text} onChange={(e) => setText(e.target.value)} onSearch={(v) => setQ(v.trim())} placeholder={s.placeholder}
          enterButton={t.common.search} allowClear size="large" maxLength={2000} data-testid="search-box" />
        <Button size="large" type={showAdv ? 'primary' : 'default'} ghost={showAdv} onClick={() => setShowAdv(!showAdv)} data-testid="search-advanced-toggle">{s.advanced}</Button>
        <Segmented<Sort> value={sort} onChange={setSort} size="large" options={(['relevance', 'archivalCode', 'date'] as const).map((k) => ({ value: k, label: s.sort[k] }))} />
      </Flex>
      {showAdv && <AdvancedForm value={adv} onSubmit={setAdv} />}
      <ErrorAlert error={error} />
      <Row gutter={16}>
        <Col xs={24} md={7} lg={6}>
          <FacetPanel facets={res?.facets} exact={res?.total.exact ?? true} sel={sel} onChange={setSel} />
        </Col>
        <Col xs={24} md={17} lg={18}>
          {res && (
            <Flex gap={12} align="baseline" wrap style={{ marginBottom: 8 }}>
              <Typography.Text strong data-testid="search-total">{s.total(fmt(res.total.value), res.total.exact)}</Typography.Text>
              <Typography.Text type="secondary">{s.took(res.tookMs)}</Typography.Text>
              {p && (p.terms.length > 0 || p.phrases.length > 0 || p.fields.length > 0) && (
                <Typography.Text type="secondary">{s.understood}{[...p.terms, ...p.phrases.map((x) => `"${x}"`), ...p.fields.map((f) => `${s.snippetFields[f.field]}:${f.value}`)].join(' ')}</Typography.Text>
              )}
              {p && p.excluded.length > 0 && <Typography.Text type="secondary">{s.excluded}{p.excluded.join(' ')}</Typography.Text>}
            </Flex>
          )}
          {res?.sampled && <Alert type="info" showIcon message={s.sampled} style={{ marginBottom: 8 }} />}
          <List loading={loading && !hits.length} dataSource={hits} data-testid="search-results"
            locale={{ emptyText: <Empty description={q ? s.empty : s.start} /> }}
            renderItem={(h) => (
              <List.Item key={h.id} className="search-hit" onClick={() => setPreview(h)}>
                <div style={{ width: '100%' }}>
                  <div className="search-hit-title"><Highlight h={h.titleHighlight} /></div>
                  <Space size={4} wrap className="search-hit-meta">
                    <Typography.Text code>{h.archivalCode}</Typography.Text>
                    {h.responsible && <span>{h.responsible}</span>}
                    {h.docNumber && <span>{h.docNumber}</span>}
                    <span>{h.docDate || h.year}</span>
                    <Tag>{(t.catalogue.retention as Record<string, string>)[h.retention]}</Tag>
                    {h.security !== 'public' && <Tag color="red">{(t.clearance as Record<string, string>)[h.security]}</Tag>}
                    <Tag color={h.openStatus === 'open' ? 'green' : undefined}>{(t.catalogue.openStatus as Record<string, string>)[h.openStatus]}</Tag>
                    {h.status === 'draft' && <Tag color="orange">{t.catalogue.status.draft}</Tag>}
                  </Space>
                  {h.snippets.map((x, i) => (
                    <div key={i} className="search-hit-snippet"><Typography.Text type="secondary">{s.snippetFields[x.field]}：</Typography.Text><Highlight h={x} /></div>
                  ))}
                </div>
              </List.Item>
            )} />
          {res?.nextCursor && <Flex justify="center" style={{ marginTop: 12 }}><Button onClick={() => void run(res.nextCursor)} loading={loading}>{s.more}</Button></Flex>}
        </Col>
      </Row>
      <PreviewDrawer hit={preview} onClose={() => setPreview(null)} />
    </>
  );
}
