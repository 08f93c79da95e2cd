import { createMemoryStorage } from './memory.storage.ts';
import { runStorageContract } from './storage.contract-test.ts';

// The test double other modules use must keep the same contract as the real adapters.
runStorageContract('memory', async () => {
  const storage = createMemoryStorage();
  return {
    storage,
    holdsObjectsInMemory: true,
    async corrupt(sha256) {
      const bytes = storage.objects.get(sha256)!;
      bytes[bytes.length >> 1]! ^= 0x10;
    },
    tempFiles: async () => [],
    cleanup: async () => storage.objects.clear(),
  };
});
