import { randomBytes } from 'node:crypto';
import { AccessFlow, CLEARANCE_ORDER, type AccessStep, type Clearance } from '@lantai/api';
import type { Db } from '../../platform/db/database.ts';

/** The flow until an archivist configures one: 档案员审核 → 馆领导审批, plus 保密审查 where needed. */
export const DEFAULT_FLOW: AccessFlow = {
  steps: [
    { key: 'archivist', label: '档案员审核', approvers: [] },
    { key: 'head', label: '馆领导审批', approvers: [] },
  ],
  secrecyStep: { key: 'secrecy', label: '保密审查', approvers: [] },
  restrictedFonds: [],
};

/**
 * Settings live in one row created on first use: the flow and the HMAC key that signs delivery links.
 * The key never leaves the database (a copy of the code or of the web build signs nothing).
 */
export function createAccessSettings(db: Db) {
  let key: Buffer | undefined;
  async function row() {
    const r = await db.selectFrom('access_settings').selectAll().where('id', '=', 1).executeTakeFirst();
    if (r) return r;
    await db.insertInto('access_settings').values({ id: 1, flow: JSON.stringify(DEFAULT_FLOW), hmac_key: randomBytes(32), updated_by: 'system' })
      .onConflict((oc) => oc.column('id').doNothing()).execute();
    return db.selectFrom('access_settings').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  }
  return {
    async flow(): Promise<AccessFlow> {
      return AccessFlow.parse((await row()).flow);
    },
    async setFlow(tx: Db, flow: AccessFlow, by: string) {
      await row();
      await tx.updateTable('access_settings').set({ flow: JSON.stringify(flow), updated_by: by, updated_at: new Date() }).where('id', '=', 1).execute();
    },
    async hmacKey(): Promise<Buffer> {
      key ??= (await row()).hmac_key;
      return key;
    },
  };
}
export type AccessSettings = ReturnType<typeof createAccessSettings>;

/**
 * The steps a request runs through: the configured ones, with the 保密审查 step after the first when
 * any attached record is 秘密 or above, or belongs to a restricted fonds.
 */
export function planSteps(flow: AccessFlow, items: { security: string; fondsCode: string }[]): AccessStep[] {
  const needsSecrecy = items.some((i) => CLEARANCE_ORDER.indexOf(i.security as Clearance) >= CLEARANCE_ORDER.indexOf('mimi') || flow.restrictedFonds.includes(i.fondsCode));
  const [first, ...rest] = flow.steps;
  return needsSecrecy ? [first!, flow.secrecyStep, ...rest] : flow.steps;
}

export const highestSecurity = (items: { security: string }[]): Clearance =>
  items.reduce<Clearance>((m, i) => (CLEARANCE_ORDER.indexOf(i.security as Clearance) > CLEARANCE_ORDER.indexOf(m) ? (i.security as Clearance) : m), 'public');
