import type { IngestPackage, PackageFile, PackageProblem } from '../checks/check.types.ts';

/** What extraction (or a directory scan) hands to the readers. */
export interface PackageSource {
  root: string;
  files: PackageFile[];
  problems: PackageProblem[];
  /** Where readers may write decoded content (EEP base64) — inside the run's work folder. */
  workDir: string;
}

export type Reader = (src: PackageSource) => Promise<IngestPackage>;

export const problem = (item: PackageProblem['item'], severity: PackageProblem['severity'], code: string, zh: string, en: string, subject?: string, evidence?: Record<string, unknown>): PackageProblem =>
  ({ item, severity, code, zh, en, ...(subject ? { subject } : {}), ...(evidence ? { evidence } : {}) });
