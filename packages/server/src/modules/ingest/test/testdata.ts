import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** ../shared/testdata relative to the repository root (never copied in). */
export const TESTDATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../../../shared/testdata');

/** Rows of INDEX.md whose first cell is a path under `prefix`: [path, expected outcome]. */
export function indexRows(prefix: string): { path: string; expected: string }[] {
  const out: { path: string; expected: string }[] = [];
  for (const line of readFileSync(path.join(TESTDATA, 'INDEX.md'), 'utf8').split('\n')) {
    const m = /^\| `([^`]+)` \|/.exec(line);
    if (!m || !m[1]!.startsWith(prefix)) continue;
    const cells = line.split(' | ');
    out.push({ path: m[1]!, expected: cells[cells.length - 1]!.replace(/\s*\|\s*$/, '').trim() });
  }
  return out;
}
