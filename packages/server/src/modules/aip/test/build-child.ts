// A build process for the AIP crash test: stores the tar, says so, then hangs before recording it,
// so the parent can SIGKILL it exactly between "tar in the store" and "row committed".
import { createDb } from '../../../platform/db/database.ts';
import { createLocalDiskStorage } from '../../../platform/storage/local-disk.storage.ts';
import type { ObjectStorage } from '../../../platform/storage/index.ts';
import { createAipBuilder } from '../aip.build.ts';

const db = createDb(process.env.DATABASE_URL!);
const raw = createLocalDiskStorage(process.env.OBJECTS_DIR!);
const storage: ObjectStorage = {
  ...raw,
  put: async (source, opts) => {
    const r = await raw.put(source, opts);
    process.stdout.write(`STORED ${r.sha256}\n`);
    return new Promise(() => {}); // never recorded: the parent kills us here
  },
};
await createAipBuilder({ db, storage, tmpDir: process.env.TMP_DIR! }).build(process.env.RECORD_ID!, 'crash test');
