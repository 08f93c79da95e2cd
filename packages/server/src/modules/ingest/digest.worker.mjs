// SM3 of large streams in a worker thread (digest.stream.ts): SM3 has no hardware path and is the slowest of the
// three digests, so it runs beside the main thread's MD5 + SHA-256, reading and writing. Many streams share this
// one worker, each as a session: { op: 'update', id, buf } → { op: 'ack', id }; { op: 'end', id } → { op: 'done',
// id, hex }; { op: 'drop', id } forgets a session whose stream failed.
import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';

const sessions = new Map();

parentPort.on('message', (m) => {
  if (m.op === 'update') {
    let h = sessions.get(m.id);
    if (!h) sessions.set(m.id, (h = createHash('sm3')));
    h.update(m.buf);
    parentPort.postMessage({ op: 'ack', id: m.id });
  } else if (m.op === 'end') {
    const h = sessions.get(m.id) ?? createHash('sm3');
    sessions.delete(m.id);
    parentPort.postMessage({ op: 'done', id: m.id, hex: h.digest('hex') });
  } else if (m.op === 'drop') sessions.delete(m.id);
});
