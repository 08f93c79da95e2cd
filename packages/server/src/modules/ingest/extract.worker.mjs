// Small files of a zip being extracted (extract.writer.ts): each arrives as its own bytes (transferred, not copied),
// is hashed (MD5, SHA-256, SM3) and written to a new file with synchronous calls — here they cost a third of what
// the main thread's promise-based writeFile cost (no thread-pool hand-off per open/write/close), and the hashing
// leaves the main thread free to read the next entries. { id, path, bytes } → { id, digests } | { id, error, code }.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { parentPort } from 'node:worker_threads';

parentPort.on('message', ({ id, path, bytes }) => {
  try {
    const digests = {};
    for (const a of ['md5', 'sha256', 'sm3']) digests[a] = createHash(a).update(bytes).digest('hex');
    fs.writeFileSync(path, bytes, { flag: 'wx' });
    parentPort.postMessage({ id, digests });
  } catch (e) {
    parentPort.postMessage({ id, error: String(e?.message ?? e), code: e?.code });
  }
});
