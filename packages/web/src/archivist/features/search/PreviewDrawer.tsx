import { Descriptions, Drawer, List, Tag, Typography } from 'antd';
import { useI18n } from '../../../i18n/index.tsx';
import { useAsync } from '../../../lib/useAsync.ts';
import { catalogue } from '../catalogue/catalogue.api.ts';
import { Highlight } from './Highlight.tsx';
import type { SearchHit } from './search.api.ts';

/** The record behind a hit: its catalogue fields (read through the catalogue API, so the same checks apply) and its files. */
export function PreviewDrawer({ hit, onClose }: { hit: SearchHit | null; onClose: () => void }) {
  const { t } = useI18n();
  const f = t.catalogue.fields;
  const rec = useAsync(() => (hit ? catalogue.get(hit.id) : Promise.resolve(null)), [hit?.id]);
  const files = useAsync(() => (hit ? catalogue.files(hit.id) : Promise.resolve(null)), [hit?.id]);
  const r = rec.data;
  return (
    <Drawer open={!!hit} onClose={onClose} width={620} title={t.search.preview} data-testid="search-preview">
      {hit && (
        <>
          <Typography.Title level={5}><Highlight h={hit.titleHighlight} /></Typography.Title>
          <Descriptions column={2} size="small" bordered items={[
            { key: 'code', label: f.archivalCode, children: hit.archivalCode, span: 2 },
            { key: 'resp', label: f.responsible, children: r?.responsible ?? hit.responsible },
            { key: 'no', label: f.docNumber, children: r?.docNumber ?? hit.docNumber },
            { key: 'date', label: f.docDate, children: r?.docDate ?? hit.docDate },
            { key: 'year', label: f.year, children: hit.year },
            { key: 'ret', label: f.retention, children: (t.catalogue.retention as Record<string, string>)[hit.retention] },
            { key: 'sec', label: f.security, children: (t.clearance as Record<string, string>)[hit.security] },
            { key: 'open', label: f.openStatus, children: (t.catalogue.openStatus as Record<string, string>)[hit.openStatus] },
            { key: 'status', label: f.status, children: (t.catalogue.status as Record<string, string>)[hit.status] },
            { key: 'subj', label: f.subjects, children: r?.subjects.map((s) => <Tag key={s}>{s}</Tag>), span: 2 },
            { key: 'pages', label: f.pages, children: r?.pages ?? '' },
            { key: 'remarks', label: f.remarks, children: r?.remarks ?? '', span: 2 },
          ]} />
          {hit.snippets.length > 0 && (
            <List size="small" style={{ marginTop: 12 }} dataSource={hit.snippets} renderItem={(s, i) => (
              <List.Item key={i}><Typography.Text type="secondary">{t.search.snippetFields[s.field]}：</Typography.Text><Highlight h={s} /></List.Item>
            )} />
          )}
          <Typography.Title level={5} style={{ marginTop: 16 }}>{t.search.files}</Typography.Title>
          <List size="small" dataSource={files.data?.items ?? []} locale={{ emptyText: t.search.noFile }}
            renderItem={(x) => <List.Item key={x.id}>{x.filename} <Typography.Text type="secondary">{x.mime}</Typography.Text></List.Item>} />
        </>
      )}
    </Drawer>
  );
}
