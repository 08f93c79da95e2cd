import { Tabs } from 'antd';
import { useI18n } from '../../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { NoticesTab } from './NoticesTab.tsx';
import { QueueTab } from './QueueTab.tsx';
import { RulesTab } from './SettingsTabs.tsx';
import { TermsTab } from './SettingsTabs.tsx';
import './open-review.css';

/** 开放审核: the archivist's queue, term list, rules and portal notices; the 移交单位 sees its co-review queue only. */
export function OpenReviewPage() {
  const { t } = useI18n();
  const o = t.openReview;
  const { user } = useSession();
  const archivist = !!user?.roles.includes('archivist');
  const items = [
    { key: 'queue', label: o.tabs.queue, children: <QueueTab archivist={archivist} /> },
    ...(archivist ? [
      { key: 'terms', label: o.tabs.terms, children: <TermsTab /> },
      { key: 'rules', label: o.tabs.rules, children: <RulesTab /> },
      { key: 'notices', label: o.tabs.notices, children: <NoticesTab /> },
    ] : []),
  ];
  return (
    <>
      <PageHeader title={o.title} intro={o.intro} testId="page-title" />
      <Tabs items={items} destroyOnHidden />
    </>
  );
}
