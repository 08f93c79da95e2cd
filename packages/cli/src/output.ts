import type { Job } from '@lantai/api';

/** Pads by display width: a CJK character takes two columns. */
const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0);
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));

export function table(rows: Record<string, unknown>[], columns: [key: string, title: string][]): string {
  const cells = rows.map((r) => columns.map(([k]) => String(r[k] ?? '')));
  const widths = columns.map(([, t], i) => Math.min(60, Math.max(width(t), ...cells.map((c) => width(c[i]!)))));
  const line = (c: string[]) => c.map((x, i) => pad(x.length > 60 ? x.slice(0, 57) + '…' : x, widths[i]!)).join('  ').trimEnd();
  return [line(columns.map(([, t]) => t)), ...cells.map(line)].join('\n');
}

/** A one-line progress bar for a job, redrawn in place on a terminal. */
export function progressLine(j: Job): string {
  const n = Math.round(j.percent / 5);
  return `[${'#'.repeat(n)}${'.'.repeat(20 - n)}] ${j.percent.toFixed(0).padStart(3)}% ${j.state}${j.message ? ' ' + j.message : ''}`;
}
