import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from '../../platform/db/schema.ts';

/**
 * COPY … FROM STDIN over node-postgres without pg-copy-streams: a "submittable" query (the extension point
 * pg-cursor and pg-copy-streams use) that answers the server's CopyInResponse with the whole payload.
 * Resolves at ReadyForQuery; rejects with the server's error (which names the failing line in err.where).
 */
export function copyIn(client: pg.Client, sql: string, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed = false;
    const q = {
      submit(con: { query(text: string): void }) { con.query(sql); },
      handleCopyInResponse(con: { sendCopyFromChunk(b: Buffer): void; endCopyFrom(): void }) { con.sendCopyFromChunk(data); con.endCopyFrom(); },
      handleError(e: Error) { failed = true; reject(e); },
      handleReadyForQuery() { if (!failed) resolve(); },
      handleCommandComplete() {}, handleRowDescription() {}, handleDataRow() {}, handleEmptyQuery() {}, handlePortalSuspended() {}, handleCopyData() {},
    };
    (client as unknown as { query(q: unknown): void }).query(q);
  });
}

/** One value in COPY's text format: \N for null, with backslash, tab, newline and carriage return escaped. */
export function copyValue(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  const s = String(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!) : s;
}

/** A text[] literal ({"a","b"}) for COPY. */
export const arrayLiteral = (xs: string[]) => `{${xs.map((x) => `"${x.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;

/**
 * A connection of its own for one long transaction: Kysely for the ordinary statements and the raw client
 * for COPY, both on the same session (a one-connection "pool").
 */
export async function withDedicatedConnection<T>(databaseUrl: string, fn: (db: Kysely<DB>, client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'lantai-import' });
  await client.connect();
  client.on('error', () => {});
  const pool = { connect: async () => Object.assign(client, { release() {} }), end: async () => {} };
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: pool as never }) });
  try {
    return await fn(db, client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
