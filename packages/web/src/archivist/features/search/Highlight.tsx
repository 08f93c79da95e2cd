import type { Highlighted } from '@lantai/api';

/** Text with the matched ranges in <mark> (no HTML from the server is ever injected). */
export function Highlight({ h }: { h: Highlighted }) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  h.marks.forEach(([a, b], i) => {
    if (a > at) parts.push(h.text.slice(at, a));
    parts.push(<mark key={i} className="search-mark">{h.text.slice(a, b)}</mark>);
    at = b;
  });
  if (at < h.text.length) parts.push(h.text.slice(at));
  return <>{parts}</>;
}
