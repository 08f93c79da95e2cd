import type { Selectable, Updateable } from 'kysely';
import type { TransferStatus } from '@lantai/api';
import type { Db, Tx } from '../../platform/db/database.ts';
import type { TransfersTable } from '../../platform/db/schema.ts';
import { conflict, notFound } from '../../http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { actorAudit, type RequestCtx } from '../auth/index.ts';

export type TransferRow = Selectable<TransfersTable>;
export interface StepResult { set: Updateable<TransfersTable>; detail?: Record<string, unknown> }

/**
 * One state transition, in one transaction: lock the row, refuse a stale version (409 stale_version)
 * or a state the step does not start from (409 transfer_state), apply the change, bump the version
 * and append the audit row. Returns the row as it was before.
 */
export async function step(db: Db, id: string, ctx: RequestCtx, version: number, from: readonly TransferStatus[], action: string, apply: (tx: Tx, cur: TransferRow) => Promise<StepResult>): Promise<TransferRow> {
  return db.transaction().execute(async (tx) => {
    const cur = await tx.selectFrom('transfers').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!cur) throw notFound();
    if (cur.version !== version) throw conflict('stale_version');
    if (!from.includes(cur.status)) throw conflict('transfer_state');
    const { set, detail } = await apply(tx, cur);
    await tx.updateTable('transfers').set({ ...set, version: cur.version + 1, updated_at: new Date() }).where('id', '=', id).execute();
    await appendAudit(tx, {
      ...actorAudit(ctx.actor), requestId: ctx.requestId, ip: ctx.ip, action: `transfer.${action}`, outcome: 'success', targetType: 'transfer', targetId: id,
      detail: { number: cur.number, from: cur.status, to: set.status ?? cur.status, version: cur.version + 1, ...detail },
    });
    return cur;
  });
}

/** Postgres unique violation. */
export const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === '23505';
