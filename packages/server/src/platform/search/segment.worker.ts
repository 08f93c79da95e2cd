import { parentPort } from 'node:worker_threads';
import { copyRows, rowsJson } from './pg.search.write.ts';
import type { SearchDocument } from './search.port.ts';

// A segmentation worker of the rebuild (segment.pool.ts): documents in, COPY text (or the JSON rows of the fallback insert) out.
parentPort!.on('message', (m: { id: number; docs: SearchDocument[]; format: 'copy' | 'json' }) => {
  const t = performance.now();
  try {
    const text = m.format === 'json' ? rowsJson(m.docs) : copyRows(m.docs);
    parentPort!.postMessage({ id: m.id, text, ms: performance.now() - t });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e), ms: performance.now() - t });
  }
});
