/**
 * Pipeline maths (V1): effective probability, per-stage totals and weighted totals, the funnel's
 * stage-to-stage conversion and the time spent in each stage, from the replicated rows. Pure;
 * the board, the funnel view and the scoring share them. Money stays in integer cents.
 */

/** The fields of a pipeline stage these functions read (a `PipelineStage` row fits). */
export type PipelineStageLike = {
  readonly id: string;
  readonly position: number;
  readonly probability: number;
  readonly kind: 'open' | 'won' | 'lost';
  readonly deleted_at?: string | null;
};

/** The fields of an opportunity these functions read (an `Opportunity` row fits). */
export type PipelineOpportunityLike = {
  readonly id: string;
  readonly stage_id: string;
  readonly amount_cents: number;
  readonly probability: number | null;
  readonly deleted_at?: string | null;
};

/** The fields of a stage-history entry these functions read. */
export type StageHistoryLike = {
  readonly id: string;
  readonly opportunity_id: string;
  readonly to_stage_id: string;
  readonly changed_at: string;
  readonly deleted_at?: string | null;
};

/**
 * The probability a deal is counted at, 0..100: 100 in a won stage and 0 in a lost one whatever
 * was typed; otherwise the opportunity's own probability, else its stage's (0 without a stage).
 */
export function effectiveProbability(
  opportunity: Pick<PipelineOpportunityLike, 'probability'>,
  stage: Pick<PipelineStageLike, 'probability' | 'kind'> | undefined,
): number {
  if (stage?.kind === 'won') return 100;
  if (stage?.kind === 'lost') return 0;
  const p = opportunity.probability ?? stage?.probability ?? 0;
  return Math.min(100, Math.max(0, Math.round(p)));
}

export type StageSummary = {
  readonly stage_id: string;
  readonly count: number;
  readonly total_cents: number;
  readonly weighted_cents: number;
};

/** Live stages in board order (position, then id so equal positions stay stable). */
export function sortStages<S extends PipelineStageLike>(stages: readonly S[]): S[] {
  return stages
    .filter((s) => !s.deleted_at)
    .sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Rounds n / 100 to the nearest integer, halves away from zero, exactly (BigInt). */
function divideBy100(n: bigint): number {
  const negative = n < 0n;
  const abs = negative ? -n : n;
  const q = (abs + 50n) / 100n;
  return Number(negative ? -q : q);
}

/**
 * Count, total and weighted total per live stage in board order (every stage listed, empty ones
 * with zeros; deleted opportunities and those of unknown stages left out). Weighted total =
 * Σ amount × effective probability / 100, summed exactly and rounded ONCE per stage to the
 * nearest cent (halves away from zero), so a column's weighted total does not drift with the
 * number of cards; the sum of the columns may differ from a whole-board figure by < 1 cent per column.
 */
export function summariseStages(
  opportunities: readonly PipelineOpportunityLike[],
  stages: readonly PipelineStageLike[],
): StageSummary[] {
  const ordered = sortStages(stages);
  const acc = new Map(ordered.map((s) => [s.id, { stage: s, count: 0, total: 0n, weighted: 0n }]));
  for (const o of opportunities) {
    if (o.deleted_at) continue;
    const entry = acc.get(o.stage_id);
    if (!entry) continue;
    // A malformed local amount counts as 0 rather than breaking the whole board.
    const amount = Number.isSafeInteger(o.amount_cents) ? BigInt(o.amount_cents) : 0n;
    entry.count += 1;
    entry.total += amount;
    entry.weighted += amount * BigInt(effectiveProbability(o, entry.stage));
  }
  return ordered.map((s) => {
    const e = acc.get(s.id);
    return {
      stage_id: s.id,
      count: e?.count ?? 0,
      total_cents: Number(e?.total ?? 0n),
      weighted_cents: divideBy100(e?.weighted ?? 0n),
    };
  });
}

export type FunnelStep = {
  readonly stage_id: string;
  /** Opportunities that reached this stage or a later one (skipping a stage counts as passing it). */
  readonly reached: number;
  /** Of those, how many reached the next step; null for the last step. */
  readonly advanced: number | null;
  /** advanced / reached, 0..1; null for the last step or when none reached this one. */
  readonly conversion: number | null;
};

export type Funnel = {
  readonly steps: readonly FunnelStep[];
  /** Won / entered the first step, 0..1; null when nobody entered. */
  readonly overall: number | null;
};

/**
 * The funnel from the stage history: steps are the open stages in board order followed by the
 * won stage(s); an opportunity reached a step when it ever entered that step or a later one
 * (history entries into lost stages count for nothing; a reopened deal counts once, at its
 * furthest step). Conversion of a step = reached the next step / reached this one.
 */
export function computeFunnel(history: readonly StageHistoryLike[], stages: readonly PipelineStageLike[]): Funnel {
  const ordered = sortStages(stages);
  const steps = [...ordered.filter((s) => s.kind === 'open'), ...ordered.filter((s) => s.kind === 'won')];
  // All won stages share the last rank: one "won" step counted per stage, but reached as a whole.
  const firstWon = steps.findIndex((s) => s.kind === 'won');
  const rankOf = new Map(steps.map((s, i) => [s.id, s.kind === 'won' && firstWon >= 0 ? firstWon : i]));
  const furthest = new Map<string, number>();
  for (const h of history) {
    if (h.deleted_at) continue;
    const rank = rankOf.get(h.to_stage_id);
    if (rank === undefined) continue;
    furthest.set(h.opportunity_id, Math.max(furthest.get(h.opportunity_id) ?? -1, rank));
  }
  const wonBy = new Map<string, Set<string>>();
  for (const h of history) {
    if (h.deleted_at || rankOf.get(h.to_stage_id) !== firstWon || firstWon < 0) continue;
    const set = wonBy.get(h.to_stage_id) ?? new Set<string>();
    set.add(h.opportunity_id);
    wonBy.set(h.to_stage_id, set);
  }
  const ranks = [...furthest.values()];
  const countReaching = (rank: number): number => ranks.filter((r) => r >= rank).length;
  const out: FunnelStep[] = steps.map((s, i) => {
    const rank = rankOf.get(s.id) ?? i;
    const reached = s.kind === 'won' ? (wonBy.get(s.id)?.size ?? 0) : countReaching(rank);
    const next = steps[i + 1];
    if (!next || s.kind === 'won') return { stage_id: s.id, reached, advanced: null, conversion: null };
    const advanced = countReaching(rankOf.get(next.id) ?? i + 1);
    return { stage_id: s.id, reached, advanced, conversion: reached > 0 ? advanced / reached : null };
  });
  const entered = countReaching(0);
  const won = firstWon >= 0 ? countReaching(firstWon) : 0;
  return { steps: out, overall: entered > 0 && steps.length > 0 ? won / entered : null };
}

export type StageStay = {
  readonly stage_id: string;
  readonly entered_at: string;
  /** When the next history entry moved it on; null while it is still there. */
  readonly left_at: string | null;
  readonly duration_ms: number;
};

export type StageTimeAverage = {
  readonly stage_id: string;
  /** Completed stays (the opportunity has since left the stage). */
  readonly count: number;
  readonly average_ms: number;
  readonly median_ms: number;
};

export type TimeInStages = {
  /** Stays per opportunity, oldest first. */
  readonly by_opportunity: ReadonlyMap<string, readonly StageStay[]>;
  /**
   * Per stage, over completed stays only: a deal still in a stage has not finished its time there,
   * and counting it would pull the average down while the pipeline fills.
   */
  readonly averages: readonly StageTimeAverage[];
};

const compareEntries = (a: StageHistoryLike, b: StageHistoryLike): number => {
  const d = Date.parse(a.changed_at) - Date.parse(b.changed_at);
  return d !== 0 ? d : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
};

/** Time spent in each stage: an entry lasts until the opportunity's next entry, or `now` for the last. */
export function timeInStages(history: readonly StageHistoryLike[], now: Date): TimeInStages {
  const grouped = new Map<string, StageHistoryLike[]>();
  for (const h of history) {
    if (h.deleted_at || !Number.isFinite(Date.parse(h.changed_at))) continue;
    const list = grouped.get(h.opportunity_id);
    if (list) list.push(h);
    else grouped.set(h.opportunity_id, [h]);
  }
  const byOpportunity = new Map<string, StageStay[]>();
  const completed = new Map<string, number[]>();
  const nowMs = now.getTime();
  for (const [opportunityId, entries] of grouped) {
    entries.sort(compareEntries);
    const stays = entries.map((h, i): StageStay => {
      const next = entries[i + 1];
      const start = Date.parse(h.changed_at);
      const end = next ? Date.parse(next.changed_at) : nowMs;
      if (next) {
        const list = completed.get(h.to_stage_id);
        if (list) list.push(Math.max(0, end - start));
        else completed.set(h.to_stage_id, [Math.max(0, end - start)]);
      }
      return {
        stage_id: h.to_stage_id,
        entered_at: h.changed_at,
        left_at: next?.changed_at ?? null,
        duration_ms: Math.max(0, end - start),
      };
    });
    byOpportunity.set(opportunityId, stays);
  }
  const averages = [...completed.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([stageId, durations]): StageTimeAverage => {
      const sorted = [...durations].sort((a, b) => a - b);
      const mid = Math.floor(sorted.length / 2);
      const median = sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
      return {
        stage_id: stageId,
        count: sorted.length,
        average_ms: Math.round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
        median_ms: Math.round(median),
      };
    });
  return { by_opportunity: byOpportunity, averages };
}
