/**
 * The score as the server stores it: `score smallint` and `score_explanation jsonb` (a JSON object,
 * `{ "contributions": [{signal, points, params}] }`) on opportunities and contacts, written by the
 * scoring job (edge-functions/scoring) and replicated to every device.
 */
import type { ScoreContribution, ScoreResult } from './score.ts';
import { SCORE_SIGNALS, type ScoreSignal } from './weights.ts';

export type StoredExplanation = { readonly contributions: readonly ScoreContribution[] };

/** What the server writes for a result: the explanation object of `score_explanation`. */
export function toStoredExplanation(result: ScoreResult): StoredExplanation {
  return { contributions: result.contributions };
}

const isSignal = (value: unknown): value is ScoreSignal =>
  typeof value === 'string' && (SCORE_SIGNALS as readonly string[]).includes(value);

/** A stored score back as a result; null when absent or not in the expected shape. */
export function readStoredScore(score: unknown, explanation: unknown): ScoreResult | null {
  if (typeof score !== 'number' || !Number.isInteger(score) || score < 0 || score > 100) return null;
  if (typeof explanation !== 'object' || explanation === null) return null;
  const list = (explanation as { contributions?: unknown }).contributions;
  if (!Array.isArray(list)) return null;
  const contributions: ScoreContribution[] = [];
  for (const item of list as unknown[]) {
    if (typeof item !== 'object' || item === null) return null;
    const { signal, points, params } = item as Record<string, unknown>;
    if (!isSignal(signal) || typeof points !== 'number' || typeof params !== 'object' || params === null) return null;
    const clean: Record<string, number | string | null> = {};
    for (const [key, value] of Object.entries(params)) {
      if (typeof value === 'number' || typeof value === 'string' || value === null) clean[key] = value;
    }
    contributions.push({ signal, points, params: clean });
  }
  return { score, contributions };
}
