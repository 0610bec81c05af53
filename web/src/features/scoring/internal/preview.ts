/** The settings page's preview: the top of the ranking with the new weights, and where each was before. */
import type { ScoreResult } from '@shared/scoring/index.ts';

export type PreviewRow = {
  readonly id: string;
  readonly name: string;
  readonly scoreBefore: number;
  readonly scoreAfter: number;
  /** 1-based ranks; ties broken by name then id, so the order is stable. */
  readonly rankBefore: number;
  readonly rankAfter: number;
};

type Scored = { readonly id: string; readonly name: string; readonly result: ScoreResult };

function rank(items: readonly Scored[]): Scored[] {
  return [...items].sort(
    (a, b) =>
      b.result.score - a.result.score || a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** The `size` best records after the change, with their score and rank before and after. */
export function rankPreview(before: readonly Scored[], after: readonly Scored[], size = 10): PreviewRow[] {
  const rankedBefore = rank(before);
  const beforeRank = new Map(rankedBefore.map((item, index) => [item.id, { index, score: item.result.score }]));
  return rank(after)
    .slice(0, size)
    .map((item, index) => {
      const previous = beforeRank.get(item.id);
      return {
        id: item.id,
        name: item.name,
        scoreBefore: previous?.score ?? item.result.score,
        scoreAfter: item.result.score,
        rankBefore: (previous?.index ?? rankedBefore.length) + 1,
        rankAfter: index + 1,
      };
    });
}
