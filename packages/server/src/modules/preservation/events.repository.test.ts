import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../platform/db/database.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { listPreservationEvents, recordPreservationEvent, recordPreservationEvents, uuid7 } from './events.repository.ts';

let db: Db;
beforeAll(async () => { db = createDb(await createTestDatabase()); });
afterAll(async () => { await db.destroy(); });

const sha = 'a'.repeat(64);

describe('preservation events', () => {
  it('records a PREMIS-shaped event with Lantai as the default software agent', async () => {
    const e = await recordPreservationEvent(db, { type: 'fixity check', outcome: 'pass', objectSha256: sha, locationId: 'primary', detail: 'sweep', outcomeDetail: { expected: sha } });
    expect(e).toMatchObject({ type: 'fixity check', outcome: 'pass', objectSha256: sha, locationId: 'primary', detail: 'sweep', outcomeDetail: { expected: sha } });
    expect(e.agent).toMatchObject({ type: 'software', name: 'Lantai' });
    expect(e.agent.version).toMatch(/^\d+\.\d+/);
    expect(e.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
  });

  it('records a person agent and lists by object, newest first', async () => {
    const recordId = '0190f000-0000-7000-8000-000000000001';
    await recordPreservationEvents(db, [
      { type: 'ingestion', outcome: 'pass', recordId, agent: { type: 'person', name: '张三', userId: null } },
      { type: 'validation', outcome: 'warning', recordId, objectId: 'aip:1/v1' },
    ]);
    const list = await listPreservationEvents(db, { recordId });
    expect(list.map((e) => e.type).sort()).toEqual(['ingestion', 'validation']);
    expect(list.find((e) => e.type === 'ingestion')!.agent).toMatchObject({ type: 'person', name: '张三', version: null });
  });

  it('is part of the caller transaction: a rolled-back change leaves no event', async () => {
    await expect(db.transaction().execute(async (tx) => {
      await recordPreservationEvent(tx, { type: 'replication', outcome: 'pass', objectSha256: 'b'.repeat(64) });
      throw new Error('rollback');
    })).rejects.toThrow('rollback');
    expect(await listPreservationEvents(db, { objectSha256: 'b'.repeat(64) })).toEqual([]);
  });

  it('is append-only and rejects malformed rows', async () => {
    await sql`update preservation_events set outcome = 'fail'`.execute(db);
    await sql`delete from preservation_events`.execute(db);
    const all = await listPreservationEvents(db, {});
    expect(all.length).toBe(3);
    expect(all.every((e) => e.outcome !== 'fail')).toBe(true);
    await expect(recordPreservationEvent(db, { type: 'Bad Type!', outcome: 'pass' })).rejects.toThrow();
    await expect(recordPreservationEvent(db, { type: 'fixity check', outcome: 'pass', objectSha256: 'xyz' })).rejects.toThrow();
  });

  it('uuid7 ids sort by time', () => {
    expect(uuid7(1000) < uuid7(2000)).toBe(true);
  });
});
