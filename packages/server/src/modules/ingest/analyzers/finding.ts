import type { Outcome } from '../checks/check.types.js';

/** What an analyzer found about one file: a stable code, an outcome, bilingual text and the evidence behind it. */
export interface Finding {
  outcome: Outcome;
  /** Stable machine key, e.g. 'pdf.encrypted', 'format.spoofed', 'virus.found'. */
  code: string;
  zh: string;
  en: string;
  evidence: Record<string, unknown>;
}

export const finding = (outcome: Outcome, code: string, zh: string, en: string, evidence: Record<string, unknown> = {}): Finding => ({
  outcome,
  code,
  zh,
  en,
  evidence,
});

/** The worst outcome of several: fail > warning > skipped > pass. */
export function worst(outcomes: Outcome[]): Outcome {
  const rank: Record<Outcome, number> = { pass: 0, skipped: 1, warning: 2, fail: 3 };
  return outcomes.reduce<Outcome>((a, b) => (rank[b] > rank[a] ? b : a), 'pass');
}

/** A message of an unknown thrown value, short enough for a report. */
export const errorText = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).slice(0, 500);
