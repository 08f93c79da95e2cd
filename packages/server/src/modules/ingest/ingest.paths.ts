import path from 'node:path';

/** Where ingest keeps its work on disk, all under <dataDir>/ingest. */
export const ingestDir = (dataDir: string) => path.join(dataDir, 'ingest');
export const uploadPath = (dataDir: string, id: string) => path.join(dataDir, 'ingest', 'uploads', `${id}.part`);
/** A run's extracted package (removed when the run is decided). */
export const runWorkDir = (dataDir: string, id: string) => path.join(dataDir, 'ingest', 'runs', id);
