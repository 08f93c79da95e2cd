import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import type { Tx } from '../../platform/db/database.ts';
import { chainHash, rowPayload } from './audit.repository.ts';
import { CHECKPOINT_FILE, readCheckpointFile } from './audit.checkpoint.ts';
import { verifyAuditChain, type Checkpoint, type VerifyResult } from './audit.verify.ts';

let t: TestApp;
let dataDir: string;
let head: number;
let k: number; // a row in the middle of the chain

/** Tampers inside a transaction, verifies what the attacker left, then rolls it all back. */
async function tampered(attack: (tx: Tx) => Promise<unknown>, checkpoints?: Checkpoint[]): Promise<VerifyResult> {
  let result: VerifyResult | undefined;
  await t.c.db.transaction().execute(async (tx) => {
    await attack(tx);
    result = await verifyAuditChain(tx, { checkpoints });
    throw new Error('rollback');
  }).catch((e: Error) => { if (e.message !== 'rollback') throw e; });
  expect((await verifyAuditChain(t.c.db)).ok, 'the rollback restored the chain').toBe(true);
  return result as VerifyResult;
}
const headSeq = async () => (await t.c.db.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirstOrThrow()).m as number;
const row = (tx: Tx, seq: number) => tx.selectFrom('audit_log').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow();

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'lantai-tamper-'));
  t = await buildTestApp({ env: { LANTAI_DATA_DIR: dataDir } });
  // A chain made by real API actions: sign-ins, an account created, a grant, a denial, a failed sign-in.
  const sys = await signedIn(t, ['sysadmin']);
  const sec = await signedIn(t, ['secadmin']);
  const made = await t.app.inject({ method: 'POST', url: '/api/users', headers: sys.headers, payload: { username: 'clerk', displayName: '文员', password: 'records-pw-2026' } });
  expect(made.statusCode, made.body).toBe(200);
  await t.app.inject({ method: 'PUT', url: `/api/users/${made.json().id}/grants`, headers: sec.headers, payload: { roles: ['archivist'], clearance: 'mimi' } });
  await t.app.inject({ method: 'GET', url: '/api/audit', headers: sys.headers });
  await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'clerk', password: 'wrong-password-1' } });
  await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: sec.headers });
  head = await headSeq();
  k = Math.ceil(head / 2);
  expect(head).toBeGreaterThanOrEqual(7);
  expect(await verifyAuditChain(t.c.db)).toMatchObject({ ok: true, checked: head });
});
afterAll(async () => {
  await t?.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('tamper evidence of the audit chain', () => {
  it.each([
    ['action', sql`action = 'users.nothing'`],
    ['detail', sql`detail = detail || '{"note":"edited"}'::jsonb`],
    ['actor_name', sql`actor_name = 'someone_else'`],
    ['outcome', sql`outcome = case when outcome = 'success' then 'failure' else 'success' end`],
    ['at', sql`at = at + interval '1 second'`],
  ])('(a) an edited %s in a middle row fails that row\'s hash', async (_col, set) => {
    const r = await tampered((tx) => sql`update audit_log set ${set} where seq = ${k}`.execute(tx));
    expect(r).toMatchObject({ ok: false, firstBad: { seq: k, reason: 'hash_mismatch' }, checked: k - 1 });
  });

  it('(b) a deleted middle row leaves a sequence gap at its seq', async () => {
    const r = await tampered((tx) => tx.deleteFrom('audit_log').where('seq', '=', k).execute());
    expect(r).toMatchObject({ ok: false, firstBad: { seq: k, reason: 'sequence_gap' } });
  });

  it('(c) two rows swapped (reordered) break the link at the first of them', async () => {
    const r = await tampered(async (tx) => {
      await tx.updateTable('audit_log').set({ seq: -1 }).where('seq', '=', k).execute();
      await tx.updateTable('audit_log').set({ seq: k }).where('seq', '=', k + 1).execute();
      await tx.updateTable('audit_log').set({ seq: k + 1 }).where('seq', '=', -1).execute();
    });
    expect(r).toMatchObject({ ok: false, firstBad: { seq: k, reason: 'prev_hash_mismatch' } });
  });

  it('(d) a row edited and re-hashed by the attacker passes itself, but the next row\'s link catches it', async () => {
    const r = await tampered(async (tx) => {
      const old = await row(tx, k);
      const forged = { ...old, actor_name: 'nobody', detail: { ...old.detail, forged: true } };
      const hash = chainHash(old.prev_hash, rowPayload(forged));
      await tx.updateTable('audit_log').set({ actor_name: forged.actor_name, detail: JSON.stringify(forged.detail), hash }).where('seq', '=', k).execute();
    });
    expect(r).toMatchObject({ ok: false, firstBad: { seq: k + 1, reason: 'prev_hash_mismatch' }, checked: k });
  });

  it('(e) cutting off the last row is NOT visible to the chain alone (nothing follows it to break)', async () => {
    const r = await tampered((tx) => tx.deleteFrom('audit_log').where('seq', '=', head).execute());
    expect(r).toMatchObject({ ok: true, checked: head - 1, headSeq: head - 1 });
  });

  describe('with checkpoints (audit_checkpoints and <dataDir>/audit-checkpoints.jsonl)', () => {
    let cp: number;
    beforeAll(async () => {
      const auditor = await signedIn(t, ['auditor']);
      const v = await t.app.inject({ method: 'POST', url: '/api/audit/verify', headers: auditor.headers });
      expect(v.json()).toMatchObject({ ok: true });
      cp = await headSeq(); // the verification's own audit row is the checkpoint
      const rows = await t.c.db.selectFrom('audit_checkpoints').selectAll().execute();
      expect(rows.map((c) => c.head_seq)).toEqual([cp]);
      const file = await readCheckpointFile(dataDir, (await sql<{ d: string }>`select current_database() as d`.execute(t.c.db)).rows[0]?.d ?? '');
      expect(file.map((c) => [c.headSeq, c.headHash])).toEqual([[cp, rows[0]?.head_hash]]);
    });

    it('(e) cutting off the last row is caught: the checkpointed row is missing', async () => {
      const r = await tampered((tx) => tx.deleteFrom('audit_log').where('seq', '=', cp).execute());
      expect(r).toMatchObject({ ok: false, firstBad: { seq: cp, reason: 'missing_row' } });
    });

    it('(f) rewriting every hash from a middle row on (a consistent forged tail) is caught at the checkpoint', async () => {
      const r = await tampered(async (tx) => {
        let prev = (await row(tx, k - 1)).hash;
        for (let s = k; s <= cp; s++) {
          const old = await row(tx, s);
          const forged = s === k ? { ...old, action: 'users.nothing' } : old;
          const hash = chainHash(prev, rowPayload(forged));
          await tx.updateTable('audit_log').set({ action: forged.action, prev_hash: prev, hash }).where('seq', '=', s).execute();
          prev = hash;
        }
      });
      expect(r).toMatchObject({ ok: false, checked: cp, firstBad: { seq: cp, reason: 'hash_mismatch' } });
    });

    it('(g) wiping the checkpoint table too is caught by the copy in the data folder', async () => {
      const file = (await fs.readFile(path.join(dataDir, CHECKPOINT_FILE), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { headSeq: number; headHash: string });
      const attack = async (tx: Tx) => {
        await tx.deleteFrom('audit_checkpoints').execute();
        await tx.deleteFrom('audit_log').where('seq', '=', cp).execute();
      };
      expect(await tampered(attack)).toMatchObject({ ok: true });
      expect(await tampered(attack, file)).toMatchObject({ ok: false, firstBad: { seq: cp, reason: 'missing_row' } });
    });

    it('reports a real truncation through the API, audits the failed verification and records no checkpoint', async () => {
      const auditor = await signedIn(t, ['auditor']); // (its sign-in row is the new head, cp + 1)
      await t.c.db.deleteFrom('audit_log').where('seq', '=', cp + 1).execute();
      await t.c.db.deleteFrom('audit_log').where('seq', '=', cp).execute();
      const v = await t.app.inject({ method: 'POST', url: '/api/audit/verify', headers: auditor.headers });
      expect(v.json()).toMatchObject({ ok: false, firstBad: { seq: cp, reason: 'missing_row' } });
      const last = await t.c.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
      expect(last).toMatchObject({ action: 'audit.verify', detail: { ok: false, firstBad: { seq: cp, reason: 'missing_row' } } });
      expect(await t.c.db.selectFrom('audit_checkpoints').select('head_seq').execute()).toHaveLength(1);
    });
  });
});
