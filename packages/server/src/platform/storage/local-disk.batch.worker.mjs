// The per-file steps of a batch adoption (local-disk.batch.ts) with synchronous calls, off the main thread: through
// promises each open/stat/read/chmod/close/mkdir/link went through the thread pool and cost the main thread about as
// much as the work itself. { id, op: 'check' | 'link', items } → { id, out } (one result an item; a check stops at the
// first refused file: the batch is refused whole).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';

const buf = Buffer.allocUnsafe(1 << 20);
const refused = (kind, message) => Object.assign(new Error(message), { kind });

/** 'exists' (an object is there: only the size is checked) or 'checked' (size and SHA-256 read back, made read-only). */
function check({ absPath, sha256, size, final }) {
  if (fs.existsSync(final)) {
    const st = fs.statSync(absPath);
    if (!st.isFile()) throw refused('type', `putFiles: not a regular file: ${absPath}`);
    if (st.size !== size) throw refused('mismatch', `File ${absPath} has ${st.size} bytes, expected ${size}`);
    return 'exists';
  }
  const fd = fs.openSync(absPath, 'r');
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw refused('type', `putFiles: not a regular file: ${absPath}`);
    if (st.size !== size) throw refused('mismatch', `File ${absPath} has ${st.size} bytes, expected ${size}`);
    const h = createHash('sha256');
    let at = 0;
    for (let n; at < size && (n = fs.readSync(fd, buf, 0, Math.min(buf.length, size - at), at)) > 0; at += n) h.update(buf.subarray(0, n));
    const actual = h.digest('hex');
    if (at !== size || actual !== sha256) throw refused('mismatch', `File ${absPath} has SHA-256 ${actual}, expected ${sha256}`);
    if (fs.fstatSync(fd).size !== size) throw refused('mismatch', `File ${absPath} changed size while it was adopted`);
    fs.fchmodSync(fd, 0o444);
  } finally {
    fs.closeSync(fd);
  }
  return 'checked';
}

/** 'created' or 'exists' (EEXIST), with the first directory mkdir made; an errno code where link(2) refused. */
function link({ absPath, final }) {
  const firstNew = fs.mkdirSync(path.dirname(final), { recursive: true });
  try {
    fs.linkSync(absPath, final);
    return { state: 'created', firstNew };
  } catch (e) {
    if (e.code === 'EEXIST') return { state: 'exists', firstNew };
    return { errno: e.code, message: e.message, firstNew };
  }
}

parentPort.on('message', ({ id, op, items }) => {
  const out = [];
  for (const it of items) {
    try {
      out.push(op === 'check' ? { state: check(it) } : link(it));
    } catch (e) {
      out.push({ error: { kind: e.kind ?? 'errno', code: e.code, message: String(e.message) } });
      if (op === 'check') break;
    }
  }
  parentPort.postMessage({ id, out });
});
