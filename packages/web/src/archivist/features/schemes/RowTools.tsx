import type { HTMLAttributes } from 'react';
import { Button, Space, Tooltip } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, HolderOutlined } from '@ant-design/icons';
import { useI18n } from '../../../i18n/index.tsx';

interface Props {
  index: number;
  count: number;
  onMove: (from: number, to: number) => void;
  onRemove?: () => void;
  /** Props of the drag handle (from dragRows().handle). */
  handle?: HTMLAttributes<HTMLSpanElement>;
  testId: string;
}

/** A row's drag handle, ↑ / ↓ and remove; `testId` names them `${testId}-up-${index}` etc. */
export function RowTools({ index, count, onMove, onRemove, handle, testId }: Props) {
  const { t } = useI18n();
  return (
    <Space size={0}>
      {handle && (
        <span {...handle} style={{ ...handle.style, padding: '0 6px', color: '#8c8c8c' }} data-testid={`${testId}-drag-${index}`}>
          <HolderOutlined />
        </span>
      )}
      <Tooltip title={t.scheme.up}>
        <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => onMove(index, index - 1)} data-testid={`${testId}-up-${index}`} />
      </Tooltip>
      <Tooltip title={t.scheme.down}>
        <Button type="text" size="small" icon={<ArrowDownOutlined />} disabled={index === count - 1} onClick={() => onMove(index, index + 1)} data-testid={`${testId}-down-${index}`} />
      </Tooltip>
      {onRemove && (
        <Tooltip title={t.scheme.remove}>
          <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={onRemove} data-testid={`${testId}-remove-${index}`} />
        </Tooltip>
      )}
    </Space>
  );
}
