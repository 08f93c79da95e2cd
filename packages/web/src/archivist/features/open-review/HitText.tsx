import type { ScreenHit } from '@lantai/api';
import { Tooltip } from 'antd';
import { useI18n } from '../../../i18n/index.tsx';

/** A field's text with the pre-screen hits marked (<mark>, escaped text only); overlapping hits merge. */
export function HitText({ text, hits }: { text: string; hits: ScreenHit[] }) {
  const { t } = useI18n();
  const sorted = [...hits].sort((a, b) => a.start - b.start);
  const parts: React.ReactNode[] = [];
  let at = 0;
  sorted.forEach((h, i) => {
    if (h.start < at) return;
    if (h.start > at) parts.push(text.slice(at, h.start));
    const label = t.openReview.hitKinds[h.kind] + (h.category ? ` · ${t.openReview.termCategories[h.category] ?? h.category}` : '');
    parts.push(<Tooltip key={i} title={label}><mark className={`hit hit-${h.kind}`} data-testid="review-hit">{text.slice(h.start, h.end)}</mark></Tooltip>);
    at = h.end;
  });
  parts.push(text.slice(at));
  return <span>{parts}</span>;
}
