import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** A fresh database for one test file, cloned from the migrated template (fast: no migrations). */
export async function createTestDatabase(): Promise<string> {
  const server = inject('pgServerUrl');
  const name = `lantai_t_${randomBytes(6).toString('hex')}`;
  const c = new pg.Client({ connectionString: `${server}/postgres` });
  await c.connect();
  // The template must have no other sessions while it is copied; retry briefly if a parallel file is cloning it.
  for (let i = 0; ; i++) {
    try {
      await c.query(`create database ${name} template ${inject('templateDb')}`);
      break;
    } catch (e) {
      if (i > 50 || !/being accessed by other users/.test((e as Error).message)) throw e;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  await c.end();
  return `${server}/${name}`;
}
