import type { SearchPort } from '../../platform/search/search.port.ts';
import type { DocumentSource } from './search.documents.ts';

/**
 * Keeps the text index up to date. The database triggers copy filter values in the record's own
 * transaction and mark the row stale; this re-segments stale rows in batches. A record changed again
 * while its batch ran stays stale for the next round (upsert compares change_seq).
 */
export function createIndexer(port: SearchPort, source: DocumentSource, log: (msg: string, err?: unknown) => void = () => {}) {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;

  async function drainOnce(batch = 200): Promise<number> {
    const pending = await port.pendingChanges(batch);
    if (!pending.length) return 0;
    const seqs = new Map(pending.map((p) => [p.id, p.changeSeq]));
    const docs = await source.load(pending.map((p) => p.id));
    // The sequence read with the pending list is what this batch answers for.
    await port.upsert(docs.map((d) => ({ ...d, changeSeq: seqs.get(d.id) ?? d.changeSeq })));
    return pending.length;
  }

  return {
    /** Indexes everything pending now; resolves with the number of rows processed. */
    async drain(): Promise<number> {
      while (running) await running.catch(() => 0);
      running = (async () => {
        let total = 0;
        for (let n = await drainOnce(); n > 0; n = await drainOnce()) total += n;
        return total;
      })();
      try {
        return await running;
      } finally {
        running = null;
      }
    },
    /** Polls for stale rows every `everyMs` (the worker process). */
    start(everyMs = 1000) {
      if (timer) return;
      const tick = async () => {
        try {
          if (!running) await this.drain();
        } catch (e) {
          log('search indexer round failed', e);
        }
        if (timer) timer = setTimeout(tick, everyMs);
      };
      timer = setTimeout(tick, everyMs);
      timer.unref();
    },
    async stop() {
      const t = timer;
      timer = null;
      if (t) clearTimeout(t);
      await running?.catch(() => 0);
    },
  };
}
export type Indexer = ReturnType<typeof createIndexer>;
