import type { Db } from '../../platform/db/database.ts';
import { conflict } from '../../http/errors.ts';
import type { Stage } from './checks/check.types.ts';
import { CHECKS } from './checks/index.ts';
import type { StageConfig } from './runner.ts';
import { validateStageConfig } from './config.validate.ts';

/** A stored setting a check no longer declares (a renamed one) has no effect; the view leaves it out, so a save from it passes. */
const known = (defaults: Record<string, unknown>, stored: Record<string, unknown> = {}) => Object.fromEntries(Object.entries(stored).filter(([k]) => k in defaults));

/** The archive's check configuration per stage, every version kept (version 0 = the defaults). */
export function createConfigRepository(db: Db) {
  async function current(stage: Stage) {
    const row = await db.selectFrom('ingest_configs').selectAll().where('stage', '=', stage).orderBy('version', 'desc').limit(1).executeTakeFirst();
    return { version: row?.version ?? 0, items: (row?.items ?? {}) as StageConfig, updatedBy: row?.created_by ?? null, updatedAt: row?.created_at ?? null };
  }

  async function view(stage: Stage) {
    const c = await current(stage);
    return {
      stage, version: c.version, updatedBy: c.updatedBy, updatedAt: c.updatedAt?.toISOString() ?? null,
      items: CHECKS.filter((d) => d.items[stage]).map((d) => ({
        checkId: d.id, code: d.items[stage] ?? null, property: d.property, name: { zh: d.zh, en: d.en },
        enabled: c.items[d.id]?.enabled ?? true, settings: { ...d.defaults, ...known(d.defaults, c.items[d.id]?.settings) }, defaults: d.defaults,
        choices: (d.choices ?? {}) as Record<string, (string | number)[]>, ranges: (d.ranges ?? {}) as Record<string, [number, number]>,
      })),
    };
  }

  /** A new version; `version` must be the current one (two archivists editing at once: the second gets 409). */
  async function put(stage: Stage, version: number, items: StageConfig, by: string) {
    const known = new Set(CHECKS.map((d) => d.id));
    validateStageConfig(items, CHECKS);
    if ((await current(stage)).version !== version) throw conflict('stale_version');
    const clean = Object.fromEntries(Object.entries(items).filter(([k]) => known.has(k)));
    const r = await db.insertInto('ingest_configs').values({ stage, version: version + 1, items: JSON.stringify(clean), created_by: by })
      .onConflict((oc) => oc.columns(['stage', 'version']).doNothing()).returning('version').executeTakeFirst();
    if (!r) throw conflict('stale_version');
    return view(stage);
  }

  return { current, view, put };
}
export type ConfigRepository = ReturnType<typeof createConfigRepository>;
