/** A small grouped bar chart in plain SVG (no chart library in the bundle); accessible through its table twin. */
export interface Series { key: string; label: string; color: string }

export function BarChart({ rows, series, height = 220, testId }: { rows: ({ label: string } & Record<string, number | string>)[]; series: Series[]; height?: number; testId?: string }) {
  const max = Math.max(1, ...rows.flatMap((r) => series.map((s) => Number(r[s.key]) || 0)));
  const left = 36;
  const bottom = 28;
  const group = Math.max(24, Math.min(90, 760 / Math.max(1, rows.length)));
  const bar = Math.max(3, Math.min(28, (group - 8) / series.length));
  const width = left + rows.length * group + 8;
  const h = height - bottom;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(max * f));
  return (
    <div style={{ overflowX: 'auto' }}>
      <svg width={Math.max(width, 320)} height={height + 24} role="img" aria-label={series.map((s) => s.label).join(' / ')} data-testid={testId}>
        {[...new Set(ticks)].map((v) => {
          const y = h - (v / max) * (h - 10);
          return <g key={v}><line x1={left} x2={width} y1={y} y2={y} stroke="#eee" /><text x={left - 4} y={y + 4} fontSize={10} textAnchor="end" fill="#888">{v}</text></g>;
        })}
        {rows.map((r, i) => (
          <g key={r.label} transform={`translate(${left + i * group + 4},0)`}>
            {series.map((s, k) => {
              const v = Number(r[s.key]) || 0;
              const bh = (v / max) * (h - 10);
              return <rect key={s.key} x={k * bar} y={h - bh} width={bar - 1} height={bh} fill={s.color}><title>{`${r.label} ${s.label}: ${v}`}</title></rect>;
            })}
            <text x={(group - 8) / 2} y={h + 14} fontSize={10} textAnchor="middle" fill="#555">{r.label}</text>
          </g>
        ))}
        {series.map((s, k) => (
          <g key={s.key} transform={`translate(${left + k * 110},${height + 10})`}>
            <rect width={10} height={10} y={-9} fill={s.color} /><text x={14} fontSize={11} fill="#333">{s.label}</text>
          </g>
        ))}
      </svg>
    </div>
  );
}
