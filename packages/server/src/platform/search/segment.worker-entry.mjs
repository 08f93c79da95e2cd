// Entry of a segmentation worker thread (segment.pool.ts). Lantai runs its TypeScript through tsx, whose loader is
// not active inside worker threads, so the worker loads its TypeScript module through tsx's API.
import { tsImport } from 'tsx/esm/api';

await tsImport('./segment.worker.ts', import.meta.url);
