import { useState } from 'react';
import { Button, Flex, Form, InputNumber, Modal, Radio, Typography } from 'antd';
import { FilePdfOutlined } from '@ant-design/icons';
import { useI18n } from '../../../i18n/index.tsx';
import { links } from './catalogue.api.ts';
import type { Selection } from './tree.ts';

type Status = 'all' | 'draft' | 'archived';

/**
 * 打印目录 of one class (年度 · 保管期限 [· 机构]): 归档文件目录, 盒脊 and 备考表 as PDFs from the print routes,
 * opened in a new tab. Without a 机构 the PDFs cover every 机构 of the year and retention.
 */
export function PrintModal({ open, sel, onClose }: { open: boolean; sel: Selection; onClose: () => void }) {
  const { t } = useI18n();
  const p = t.catalogue.print;
  const [perBox, setPerBox] = useState(20);
  const [startBox, setStartBox] = useState(1);
  const [spineWidth, setSpineWidth] = useState(30);
  const [status, setStatus] = useState<Status>('all');
  const base = {
    categoryId: sel.category?.id, year: sel.year, retention: sel.retention, orgCode: sel.orgCode || undefined,
    status: status === 'all' ? undefined : status,
  };
  const docs = [
    { key: 'catalogue', label: p.catalogue, href: links.print('catalogue', base) },
    { key: 'box-spines', label: p.spines, href: links.print('box-spines', { ...base, perBox, startBox, spineWidth }) },
    { key: 'reference-sheet', label: p.reference, href: links.print('reference-sheet', { ...base, perBox, startBox }) },
  ] as const;

  return (
    <Modal open={open} title={p.title} onCancel={onClose} footer={<Button onClick={onClose}>{t.catalogue.drawer.close}</Button>} destroyOnHidden>
      <Typography.Paragraph type="secondary" data-testid="print-class">
        {p.intro(sel.path.slice(1).join(' / '))}
      </Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={p.status}>
          <Radio.Group
            value={status}
            onChange={(e) => setStatus(e.target.value as Status)}
            options={[
              { value: 'all', label: p.statusAll },
              { value: 'draft', label: t.catalogue.status.draft },
              { value: 'archived', label: t.catalogue.status.archived },
            ]}
          />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item label={p.perBox}>
            <InputNumber min={1} max={1000} value={perBox} onChange={(v) => setPerBox(v ?? 20)} data-testid="print-per-box" />
          </Form.Item>
          <Form.Item label={p.startBox}>
            <InputNumber min={1} max={99999} value={startBox} onChange={(v) => setStartBox(v ?? 1)} />
          </Form.Item>
          <Form.Item label={p.spineWidth}>
            <InputNumber min={15} max={80} value={spineWidth} onChange={(v) => setSpineWidth(v ?? 30)} />
          </Form.Item>
        </Flex>
      </Form>
      <Flex vertical gap={8}>
        {docs.map((d) => (
          <Button key={d.key} block icon={<FilePdfOutlined />} href={d.href} target="_blank" rel="noopener" data-testid={`print-${d.key}`}>
            {d.label}
          </Button>
        ))}
      </Flex>
    </Modal>
  );
}
