/**
 * A background loop for catch-up work kept in the database (rows marked stale or dirty by triggers): `round` does
 * one batch and says how many rows it looked at; `drain` repeats it until a round finds nothing (one drain at a
 * time: a second caller waits for the first, then drains again); `start` drains every `everyMs` in the worker
 * process, logging a failed round and going on; `stop` ends the loop and waits for a round in progress.
 */
export function createPoller(round: () => Promise<number>, log: (msg: string, err?: unknown) => void, what: string) {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;

  async function drain(): Promise<number> {
    while (running) await running.catch(() => 0);
    running = (async () => {
      let total = 0;
      for (let n = await round(); n > 0; n = await round()) total += n;
      return total;
    })();
    try {
      return await running;
    } finally {
      running = null;
    }
  }

  return {
    drain,
    start(everyMs = 1000) {
      if (timer) return;
      const tick = async () => {
        try {
          if (!running) await drain();
        } catch (e) {
          log(`${what} round failed`, e);
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
