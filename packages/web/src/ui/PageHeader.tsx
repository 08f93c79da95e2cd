import type { ReactNode } from 'react';
import { Flex, Typography } from 'antd';

/** Title row of a page: heading left, actions right, optional intro below. */
export function PageHeader({ title, extra, intro, testId }: { title: ReactNode; extra?: ReactNode; intro?: ReactNode; testId?: string }) {
  return (
    <div style={{ marginBottom: 16 }}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid={testId}>
          {title}
        </Typography.Title>
        {extra && <Flex gap={8} wrap>{extra}</Flex>}
      </Flex>
      {intro && (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {intro}
        </Typography.Paragraph>
      )}
    </div>
  );
}
