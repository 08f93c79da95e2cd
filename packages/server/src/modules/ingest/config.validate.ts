import { invalid } from '../../http/errors.ts';
import type { CheckDefinition } from './checks/check.types.ts';
import type { StageConfig } from './runner.ts';

const MAX_STRING = 20_000; // a PEM certificate fits; a setting is never a document
const MAX_ITEMS = 2_000;

/**
 * What a stage's check settings may hold (PUT /api/ingest/config/:stage): only the settings a check declares, each
 * of its default's JSON type (a list of strings where the default is a list, an object of strings where it is an
 * object, a string or nothing where it is nothing), one of its `choices`, within its `ranges`; 'auto' where the
 * default is 'auto' may also be a positive whole number. Anything else is refused with every problem listed, and
 * nothing is saved. Unknown check ids are dropped, as before (a check removed in a later release).
 */
export function validateStageConfig(items: StageConfig, checks: readonly CheckDefinition[]) {
  const issues: { path: string; message: string }[] = [];
  const byId = new Map(checks.map((c) => [c.id, c]));
  for (const [id, item] of Object.entries(items)) {
    const def = byId.get(id);
    if (!def) continue;
    for (const [key, value] of Object.entries(item.settings ?? {})) {
      const at = `items.${id}.settings.${key}`;
      if (!(key in def.defaults)) {
        issues.push({ path: at, message: `unknown setting (known: ${Object.keys(def.defaults).join(', ') || 'none'})` });
        continue;
      }
      const problem = settingProblem(value, def.defaults[key], def.choices?.[key], def.ranges?.[key]);
      if (problem) issues.push({ path: at, message: problem });
    }
  }
  if (issues.length) throw invalid(issues, 'ingest_config_invalid');
}

function settingProblem(value: unknown, dflt: unknown, choices?: readonly (string | number)[], range?: readonly [number, number]): string | null {
  if (choices) return choices.includes(value as string) ? null : `must be one of ${choices.join(', ')}`;
  if (dflt === 'auto') {
    if (value === 'auto' || (Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 64)) return null;
    return "must be 'auto' or a whole number from 1 to 64";
  }
  if (dflt === null) return value === null || (typeof value === 'string' && value.length <= MAX_STRING) ? null : 'must be a text or empty';
  if (typeof dflt === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
    if (range && (value < range[0] || value > range[1])) return `must be from ${range[0]} to ${range[1]}`;
    return null;
  }
  if (typeof dflt === 'boolean') return typeof value === 'boolean' ? null : 'must be true or false';
  if (typeof dflt === 'string') return typeof value === 'string' && value.length <= MAX_STRING ? null : 'must be a text';
  if (Array.isArray(dflt)) {
    if (!Array.isArray(value) || value.length > MAX_ITEMS) return `must be a list of at most ${MAX_ITEMS} texts`;
    return value.every((v) => typeof v === 'string' && v.length <= MAX_STRING) ? null : 'every entry must be a text';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object of texts';
  const entries = Object.entries(value);
  return entries.length <= MAX_ITEMS && entries.every(([, v]) => typeof v === 'string' && v.length <= MAX_STRING) ? null : 'every value must be a text';
}
