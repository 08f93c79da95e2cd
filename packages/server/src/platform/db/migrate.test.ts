import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it, inject } from 'vitest';
import { createDb } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import { migrations } from './migrations/index.ts';

const name = `lantai_m_${randomBytes(6).toString('hex')}`;
const server = inject('pgServerUrl');
const admin = async (q: string) => {
  const c = new pg.Client({ connectionString: `${server}/postgres` });
  await c.connect();
  try { await c.query(q); } finally { await c.end(); }
};

describe('migrateToLatest', () => {
  afterAll(() => admin(`drop database if exists ${name} with (force)`));

  it('applies a migration that landed after later-numbered ones were already applied', async () => {
    await admin(`create database ${name}`);
    const db = createDb(`${server}/${name}`, 2);
    try {
      const late = '0014-create-archive-submissions';
      const { [late]: _skipped, ...earlier } = migrations;
      await migrateToLatest(db, earlier);
      const before = await sql<{ n: string }>`select count(*) as n from kysely_migration where name = ${late}`.execute(db);
      expect(Number(before.rows[0]!.n)).toBe(0);
      expect(await migrateToLatest(db)).toEqual([late]);
      const t = await sql<{ n: string }>`select count(*) as n from information_schema.tables where table_name = 'archive_submissions'`.execute(db);
      expect(Number(t.rows[0]!.n)).toBe(1);
      expect(await migrateToLatest(db)).toEqual([]);
    } finally {
      await db.destroy();
    }
  });
});
