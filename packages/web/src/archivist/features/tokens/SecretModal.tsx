import { useState } from 'react';
import { Alert, Button, Flex, Input, Modal } from 'antd';
import { CheckOutlined, CopyOutlined } from '@ant-design/icons';
import { useI18n } from '../../../i18n/index.tsx';

/** The new token's secret, shown once, with a copy button. */
export function SecretModal({ name, secret, onClose }: { name: string; secret: string; onClose: () => void }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
    } catch {
      // No clipboard API (plain http, old browser): select the text so Ctrl+C works.
      const el = document.querySelector<HTMLTextAreaElement>('[data-testid="token-secret"]');
      el?.select();
      document.execCommand('copy');
    }
    setCopied(true);
  }

  return (
    <Modal
      open
      title={t.tokens.secretTitle(name)}
      onCancel={onClose}
      mask={{ closable: false }}
      footer={
        <Button type="primary" onClick={onClose} data-testid="token-secret-close">
          {t.common.ok}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t.tokens.secretWarning} style={{ marginBottom: 16 }} />
      <Flex gap={8} align="start">
        <Input.TextArea
          readOnly
          autoSize
          value={secret}
          data-testid="token-secret"
          style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
          onFocus={(e) => e.target.select()}
        />
        <Button icon={copied ? <CheckOutlined /> : <CopyOutlined />} onClick={() => void copy()} data-testid="token-secret-copy">
          {copied ? t.common.copied : t.common.copy}
        </Button>
      </Flex>
    </Modal>
  );
}
