import type { Conn } from '../../platform/db/database.ts';

/** The scheme in force: the highest approved version. */
export const currentScheme = (db: Conn, categoryId: string) =>
  db.selectFrom('schemes').selectAll().where('category_id', '=', categoryId).where('status', '=', 'approved')
    .orderBy('version', 'desc').limit(1).executeTakeFirst();

export const findCategory = (db: Conn, id: string) =>
  db.selectFrom('categories').innerJoin('fonds', 'fonds.id', 'categories.fonds_id')
    .selectAll('categories').select(['fonds.code as fonds_code']).where('categories.id', '=', id).executeTakeFirst();
