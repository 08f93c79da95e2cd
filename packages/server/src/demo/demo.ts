import type { Container } from '../container.ts';

/** Demo data for a fresh archive; the catalogue issue fills it with fonds and records. */
export async function loadDemoData(_c: Container): Promise<void> {}
