/**
 * ROC AUC for the calibration report (bench-scoring.ts): the probability that a randomly chosen
 * positive scores higher than a randomly chosen negative, ties counting one half — the
 * Mann–Whitney U statistic with mid-ranks, O(n log n).
 */

/** AUC of `scores` for the binary `labels` (true = positive); null without a positive or a negative. */
export function computeRocAuc(scores: readonly number[], labels: readonly boolean[]): number | null {
  if (scores.length !== labels.length) throw new Error('computeRocAuc: scores and labels differ in length');
  const order = scores.map((score, i) => ({ score, positive: labels[i] === true })).sort((a, b) => a.score - b.score);
  const positives = order.filter((o) => o.positive).length;
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return null;
  let rankSumPositives = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]?.score === order[i]?.score) j += 1;
    // Ranks i+1..j+1 are tied: each gets their mean.
    const midRank = (i + 1 + (j + 1)) / 2;
    for (let k = i; k <= j; k += 1) if (order[k]?.positive) rankSumPositives += midRank;
    i = j + 1;
  }
  return (rankSumPositives - (positives * (positives + 1)) / 2) / (positives * negatives);
}
