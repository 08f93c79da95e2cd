// A worker process for the fault tests: runs one replication, repair or fixity sweep against the test database,
// so the parent can SIGKILL it mid-write or run it under a file-size limit (ulimit -f: writes fail with EFBIG).
import { createDb } from '../../../platform/db/database.ts';
import { createLocalDiskStorage } from '../../../platform/storage/local-disk.storage.ts';
import { trackObjects } from '../inventory.ts';
import { createPreservationModule } from '../preservation.module.ts';

const db = createDb(process.env.DATABASE_URL!);
const storage = trackObjects(createLocalDiskStorage(process.env.PRIMARY_DIR!), db);
const p = createPreservationModule({ db, storage, retryBaseMs: 10 });
const mode = process.env.MODE;
const out = mode === 'repair' ? await p.repair.repairObject(process.env.SHA!, 'fault test')
  : mode === 'sweep' ? await p.fixity.sweep({ full: true, bytesPerSec: Number(process.env.RATE), onlyLocation: 'primary' })
  : await p.replication.replicate({ all: true });
process.stdout.write(JSON.stringify(out) + '\n');
await db.destroy();
