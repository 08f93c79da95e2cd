// Test worker for thread.pool.test.ts: { op: 'echo', v } answers v; { op: 'spin' } never answers (a hung
// interpreter); { op: 'throw' } answers an error; { op: 'exit' } kills the thread.
import { parentPort, threadId } from 'node:worker_threads';

parentPort.on('message', (m) => {
  if (m.op === 'echo') parentPort.postMessage({ ok: true, value: { v: m.v, threadId } });
  else if (m.op === 'spin') for (;;);
  else if (m.op === 'throw') parentPort.postMessage({ ok: false, error: 'Error: asked to fail' });
  else if (m.op === 'exit') process.exit(3);
});
