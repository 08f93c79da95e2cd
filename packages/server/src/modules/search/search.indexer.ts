import { createPoller } from '../../platform/jobs/poller.ts';
import type { SearchPort } from '../../platform/search/search.port.ts';
import type { DocumentSource } from './search.documents.ts';

/**
 * Keeps the text index up to date. The database triggers copy filter values in the record's own
 * transaction and mark the row stale; this re-segments stale rows in batches. A record changed again
 * while its batch ran stays stale for the next round (upsert compares change_seq).
 */
export function createIndexer(port: SearchPort, source: DocumentSource, log: (msg: string, err?: unknown) => void = () => {}) {
  async function drainOnce(batch = 200): Promise<number> {
    const pending = await port.pendingChanges(batch);
    if (!pending.length) return 0;
    const seqs = new Map(pending.map((p) => [p.id, p.changeSeq]));
    const docs = await source.load(pending.map((p) => p.id));
    // The sequence read with the pending list is what this batch answers for.
    await port.upsert(docs.map((d) => ({ ...d, changeSeq: seqs.get(d.id) ?? d.changeSeq })));
    return pending.length;
  }

  const poller = createPoller(() => drainOnce(), log, 'search indexer');
  return {
    /** Indexes everything pending now; resolves with the number of rows processed. */
    drain: poller.drain,
    /** Polls for stale rows every `everyMs` (the worker process). */
    start: poller.start,
    stop: poller.stop,
  };
}
export type Indexer = ReturnType<typeof createIndexer>;
