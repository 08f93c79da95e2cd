import type { Migration } from 'kysely';
import * as m0001 from './0001-create-auth-and-audit.ts';
import * as m0002 from './0002-create-job-runs.ts';
import * as m0003 from './0003-create-audit-checkpoints.ts';
import * as m0004 from './0004-create-catalogue.ts';
import * as m0005 from './0005-create-catalogue-io.ts';
import * as m0006 from './0006-add-catalogue-browse-indexes.ts';
import * as m0007 from './0007-drop-unused-record-indexes.ts';
import * as m0008 from './0008-create-ingest.ts';
import * as m0009 from './0009-create-search.ts';
import * as m0010 from './0010-create-preservation.ts';
import * as m0011 from './0011-create-aips.ts';
import * as m0012 from './0012-create-access.ts';
import * as m0013 from './0013-create-open-review-and-portal.ts';
import * as m0014 from './0014-create-archive-submissions.ts';
import * as m0015 from './0015-create-transfers.ts';
import * as m0016 from './0016-scheme-edit-version-and-title-index.ts';
import * as m0019 from './0019-add-search-scope-tokens.ts';
import * as m0020 from './0020-title-sort-prefix-index.ts';
import * as m0021 from './0021-import-fast-path-triggers.ts';
import * as m0022 from './0022-search-suffix-tags.ts';
import * as m0023 from './0023-record-class-signatures.ts';
import * as m0024 from './0024-class-sig-code-prefix.ts';

/** Append-only: never edit or reorder a migration that has shipped; add a new one. */
export const migrations: Record<string, Migration> = {
  '0001-create-auth-and-audit': m0001,
  '0002-create-job-runs': m0002,
  '0003-create-audit-checkpoints': m0003,
  '0004-create-catalogue': m0004,
  '0005-create-catalogue-io': m0005,
  '0006-add-catalogue-browse-indexes': m0006,
  '0007-drop-unused-record-indexes': m0007,
  '0008-create-ingest': m0008,
  '0009-create-search': m0009,
  '0010-create-preservation': m0010,
  '0011-create-aips': m0011,
  '0012-create-access': m0012,
  '0013-create-open-review-and-portal': m0013,
  '0014-create-archive-submissions': m0014,
  '0015-create-transfers': m0015,
  '0016-scheme-edit-version-and-title-index': m0016,
  '0019-add-search-scope-tokens': m0019,
  '0020-title-sort-prefix-index': m0020,
  '0021-import-fast-path-triggers': m0021,
  '0022-search-suffix-tags': m0022,
  '0023-record-class-signatures': m0023,
  '0024-class-sig-code-prefix': m0024,
};
