// SM3 of large streams in a worker thread (digest.offload.ts): SM3 has no hardware path and is the slowest of the
// digests, so it runs beside the main thread's SHA-256, reading and writing. The bytes arrive in slots of a
// SharedArrayBuffer both threads see (workerData.sab, workerData.slot bytes each) and are hashed in place. Many
// streams share this one worker, each as a session: { op: 'update', id, slot, len } → { op: 'ack', id, slot } (the
// slot is free again); { op: 'end', id } → { op: 'done', id, hex }; { op: 'drop', id } forgets a failed stream.
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';

const { sab, slot: SLOT } = workerData;
const sessions = new Map();

parentPort.on('message', (m) => {
  if (m.op === 'update') {
    let h = sessions.get(m.id);
    if (!h) sessions.set(m.id, (h = createHash('sm3')));
    h.update(new Uint8Array(sab, m.slot * SLOT, m.len));
    parentPort.postMessage({ op: 'ack', id: m.id, slot: m.slot });
  } else if (m.op === 'end') {
    const h = sessions.get(m.id) ?? createHash('sm3');
    sessions.delete(m.id);
    parentPort.postMessage({ op: 'done', id: m.id, hex: h.digest('hex') });
  } else if (m.op === 'drop') sessions.delete(m.id);
});
