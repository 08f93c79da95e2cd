/**
 * A short-lived cache of public answers, shared by every caller: the portal's pages are the same for everyone, so
 * 500 clients asking for the same search share one database query (in-flight sharing) and the answers for a few
 * seconds after. Failures (404s included) are cached like answers, so a missing and an unopened id still take the
 * same path. A publication clears it in this process (open-review's afterPublish hook); other API processes see it
 * after at most `ttlMs` (the responses' cache-control allows 60 s downstream anyway).
 */
export function createPublicCache(ttlMs = 30_000, maxEntries = 20_000) {
  const entries = new Map<string, { at: number; value: Promise<unknown> }>();
  return {
    get<T>(key: string, load: () => Promise<T>): Promise<T> {
      const now = Date.now();
      const hit = entries.get(key);
      if (hit && now - hit.at < ttlMs) return hit.value as Promise<T>;
      const value = load();
      // Unexpected failures (not a DomainError like 404) are not kept: the next caller tries again.
      value.catch((e: unknown) => { if (!(e instanceof Error && 'status' in e)) entries.delete(key); });
      entries.delete(key);
      entries.set(key, { at: now, value });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      return value;
    },
    clear: () => entries.clear(),
  };
}
export type PublicCache = ReturnType<typeof createPublicCache>;
