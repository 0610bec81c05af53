import { describe, expect, it } from 'vitest';
import { computeRocAuc } from './auc.ts';
import { computeTenantScores, computeTenantStats, type ScoringRows } from './build.ts';
import { countParisDays, getParisDayNumber } from './days.ts';
import { scoreContact, scoreOpportunity, type OpportunityScoreInput } from './score.ts';
import { DEFAULT_WEIGHTS, resolveOpportunityWeights, resolveWeights, weightsSchema } from './weights.ts';

const NOW = new Date('2026-11-20T10:00:00Z');
const W = DEFAULT_WEIGHTS.opportunity;

const daysAgo = (days: number, hour = 10): string => new Date(Date.UTC(2026, 10, 20 - days, hour)).toISOString();

const BASE: OpportunityScoreInput = {
  stage_kind: 'open',
  probability: 40,
  created_at: daysAgo(60),
  stage_entered_at: daysAgo(5),
  typical_stage_days: 10,
  amount_cents: 500_000,
  median_amount_cents: 500_000,
  interaction_dates: [],
  engagement: 0,
  completeness: { filled: 3, total: 6 },
  company_fit: { filled: 5, total: 5 },
};

const pointsOf = (result: ReturnType<typeof scoreOpportunity>, signal: string): number | undefined =>
  result.contributions.find((c) => c.signal === signal)?.points;

describe('Paris days', () => {
  it('counts calendar days in Paris, not 24-hour periods', () => {
    // 23:30 Paris on Monday (winter, UTC+1) and 00:30 Paris on Tuesday are one day apart.
    expect(countParisDays('2026-11-16T22:30:00Z', '2026-11-16T23:30:00Z')).toBe(1);
    // Same UTC date, but 23:30 UTC is already the next day in Paris.
    expect(getParisDayNumber('2026-11-16T23:30:00Z') - getParisDayNumber('2026-11-16T12:00:00Z')).toBe(1);
  });

  it('follows summer time (UTC+2) between the last Sundays of March and October', () => {
    // 22:30 UTC on 1 July is 00:30 on 2 July in Paris; in January 22:30 UTC is still 23:30.
    expect(getParisDayNumber('2026-07-01T22:30:00Z')).toBe(getParisDayNumber('2026-07-02T10:00:00Z'));
    expect(getParisDayNumber('2026-01-01T22:30:00Z')).toBe(getParisDayNumber('2026-01-01T10:00:00Z'));
    // The switches: 29 March 2026 01:00 UTC and 25 October 2026 01:00 UTC.
    expect(getParisDayNumber('2026-03-28T22:30:00Z')).toBe(getParisDayNumber('2026-03-28T12:00:00Z'));
    expect(getParisDayNumber('2026-03-29T22:30:00Z')).toBe(getParisDayNumber('2026-03-30T12:00:00Z'));
    expect(getParisDayNumber('2026-10-25T22:30:00Z')).toBe(getParisDayNumber('2026-10-25T12:00:00Z'));
  });

  it('agrees with Intl for every hour of a year', () => {
    const format = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' });
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 3_600_000) {
      const expected = Date.parse(`${format.format(new Date(ms))}T00:00:00Z`) / 86_400_000;
      expect(getParisDayNumber(new Date(ms))).toBe(expected);
    }
  });
});

describe('weights', () => {
  it('accepts a partial object of known signals and refuses anything else', () => {
    expect(weightsSchema.parse({ recency: 30 })).toEqual({ recency: 30 });
    expect(weightsSchema.safeParse({ recency: 101 }).success).toBe(false);
    expect(weightsSchema.safeParse({ recency: 1.5 }).success).toBe(false);
    expect(weightsSchema.safeParse({ mood: 3 }).success).toBe(false);
  });

  it('fills missing keys, missing rows and invalid values with the defaults', () => {
    expect(resolveOpportunityWeights({ stage: 40 })).toEqual({ ...W, stage: 40 });
    expect(resolveOpportunityWeights({ stage: 'lots' })).toEqual(W);
    const resolved = resolveWeights([
      { kind: 'contact', weights: { recency: 0 } },
      { kind: 'opportunity', weights: { amount: 50 }, deleted_at: '2026-11-01T00:00:00Z' },
    ]);
    expect(resolved).toEqual({ opportunity: W, contact: { ...DEFAULT_WEIGHTS.contact, recency: 0 } });
  });
});

describe('scoreOpportunity', () => {
  it('explains each signal and sums the rounded points into the score', () => {
    const result = scoreOpportunity(
      { ...BASE, interaction_dates: [daysAgo(0), daysAgo(2), daysAgo(3), daysAgo(20)] },
      W,
      NOW,
    );
    expect(result.contributions.map((c) => c.signal)).toEqual([
      'recency',
      'frequency',
      'engagement',
      'stage',
      'stage_age',
      'amount',
      'completeness',
      'company_fit',
    ]);
    expect(result.contributions).toContainEqual({ signal: 'recency', points: 20, params: { days: 0, last: 0 } });
    // 3 this week + 1 more in 30 days = 3.5 effective of 4 → 25 × 3.5 / 4 = 21.875 → 22.
    expect(result.contributions).toContainEqual({ signal: 'frequency', points: 22, params: { week: 3, month: 4 } });
    expect(pointsOf(result, 'stage')).toBe(6);
    expect(pointsOf(result, 'stage_age')).toBe(0);
    expect(pointsOf(result, 'amount')).toBe(0);
    expect(pointsOf(result, 'completeness')).toBe(5);
    expect(pointsOf(result, 'company_fit')).toBe(10);
    expect(result.score).toBe(20 + 22 + 0 + 6 + 0 + 0 + 5 + 10);
  });

  it('takes points away for a deal nobody has talked to for three weeks', () => {
    const result = scoreOpportunity({ ...BASE, interaction_dates: [daysAgo(21)] }, W, NOW);
    expect(result.contributions).toContainEqual({ signal: 'recency', points: -10, params: { days: 21, last: 21 } });
  });

  it('gives no recency bonus to a new deal without interactions, only a penalty as it ages', () => {
    const fresh = scoreOpportunity({ ...BASE, created_at: daysAgo(0) }, W, NOW);
    expect(pointsOf(fresh, 'recency')).toBe(0);
    const old = scoreOpportunity({ ...BASE, created_at: daysAgo(40) }, W, NOW);
    expect(old.contributions).toContainEqual({ signal: 'recency', points: -20, params: { days: 40, last: null } });
  });

  it('ignores interactions dated in the future', () => {
    const result = scoreOpportunity({ ...BASE, interaction_dates: [daysAgo(-3)] }, W, NOW);
    expect(pointsOf(result, 'recency')).toBeLessThan(0);
    expect(result.contributions).toContainEqual({ signal: 'frequency', points: 0, params: { week: 0, month: 0 } });
  });

  it('penalises a deal stuck in its stage beyond the typical age, fully at twice it', () => {
    const at = (days: number, typical: number | null) =>
      scoreOpportunity({ ...BASE, stage_entered_at: daysAgo(days), typical_stage_days: typical }, W, NOW);
    expect(pointsOf(at(10, 10), 'stage_age')).toBe(0);
    expect(pointsOf(at(15, 10), 'stage_age')).toBe(-5);
    expect(pointsOf(at(40, 10), 'stage_age')).toBe(-10);
    expect(at(30, null).contributions).toContainEqual({
      signal: 'stage_age',
      points: -4,
      params: { days: 30, typical_days: 21 },
    });
  });

  it('compares the amount with the tenant median on a log scale', () => {
    const amount = (cents: number, median: number | null) =>
      scoreOpportunity({ ...BASE, amount_cents: cents, median_amount_cents: median }, W, NOW);
    expect(amount(1_000_000, 500_000).contributions).toContainEqual({
      signal: 'amount',
      points: 10,
      params: { percent: 200 },
    });
    expect(pointsOf(amount(250_000, 500_000), 'amount')).toBe(-10);
    expect(pointsOf(amount(5_000_000, 500_000), 'amount')).toBe(10);
    expect(amount(0, 500_000).contributions).toContainEqual({ signal: 'amount', points: 0, params: { percent: null } });
    expect(pointsOf(amount(100, null), 'amount')).toBe(0);
  });

  it('scores won deals 100 and lost deals 0 whatever the signals', () => {
    expect(scoreOpportunity({ ...BASE, stage_kind: 'won' }, W, NOW)).toEqual({
      score: 100,
      contributions: [{ signal: 'closed', points: 100, params: { kind: 'won' } }],
    });
    expect(scoreOpportunity({ ...BASE, stage_kind: 'lost' }, W, NOW).score).toBe(0);
  });

  it('clamps to 0..100 and follows the weights', () => {
    const hot: OpportunityScoreInput = {
      ...BASE,
      probability: 100,
      interaction_dates: [daysAgo(0), daysAgo(1), daysAgo(2), daysAgo(3)],
      engagement: 5,
      amount_cents: 10_000_000,
      completeness: { filled: 6, total: 6 },
    };
    const heavy = Object.fromEntries(Object.keys(W).map((k) => [k, 100])) as typeof W;
    expect(scoreOpportunity(hot, heavy, NOW).score).toBe(100);
    const cold: OpportunityScoreInput = {
      ...BASE,
      probability: 0,
      created_at: daysAgo(90),
      amount_cents: 1,
      completeness: { filled: 0, total: 6 },
      company_fit: { filled: 0, total: 5 },
      stage_entered_at: daysAgo(90),
    };
    expect(scoreOpportunity(cold, W, NOW).score).toBe(0);
    const zero = Object.fromEntries(Object.keys(W).map((k) => [k, 0])) as typeof W;
    expect(scoreOpportunity(hot, zero, NOW).score).toBe(0);
    expect(scoreOpportunity(hot, zero, NOW).contributions.every((c) => Object.is(c.points, 0))).toBe(true);
  });
});

describe('scoreContact', () => {
  it('uses last_contacted_at for recency and the open opportunities', () => {
    const result = scoreContact(
      {
        created_at: daysAgo(100),
        last_contacted_at: daysAgo(1),
        interaction_dates: [],
        engagement: 0,
        open_opportunities: 3,
        completeness: { filled: 5, total: 5 },
        company_fit: { filled: 0, total: 3 },
      },
      DEFAULT_WEIGHTS.contact,
      NOW,
    );
    expect(result.contributions.map((c) => [c.signal, c.points])).toEqual([
      ['recency', 23],
      ['frequency', 0],
      ['engagement', 0],
      ['open_opportunities', 15],
      ['completeness', 15],
      ['company_fit', 0],
    ]);
    expect(result.score).toBe(53);
  });
});

const STAGES = [
  { id: 's-prospect', position: 1, probability: 10, kind: 'open' as const },
  { id: 's-demo', position: 2, probability: 60, kind: 'open' as const },
  { id: 's-won', position: 3, probability: 100, kind: 'won' as const },
  { id: 's-lost', position: 4, probability: 0, kind: 'lost' as const },
];

const opportunity = (id: string, fields: Partial<ScoringRows['opportunities'][number]> = {}) => ({
  id,
  stage_id: 's-prospect',
  amount_cents: 100_000,
  probability: null,
  created_at: daysAgo(30),
  stage_entered_at: daysAgo(2),
  company_id: 'co-1',
  contact_id: 'ct-1',
  expected_close_date: null,
  next_step: null,
  source: null,
  deleted_at: null,
  ...fields,
});

const ROWS: ScoringRows = {
  stages: STAGES,
  opportunities: [
    opportunity('o-1', { amount_cents: 200_000 }),
    opportunity('o-2', { stage_id: 's-demo', contact_id: null, probability: 75 }),
    opportunity('o-3', { stage_id: 's-won' }),
    opportunity('o-gone', { deleted_at: daysAgo(1) }),
  ],
  activities: [
    { kind: 'call', occurred_at: daysAgo(1), contact_id: 'ct-1', opportunity_id: 'o-1' },
    { kind: 'visit', occurred_at: daysAgo(3), contact_id: 'ct-1', opportunity_id: null },
    { kind: 'note', occurred_at: daysAgo(0), contact_id: 'ct-1', opportunity_id: 'o-1' },
    { kind: 'email', occurred_at: daysAgo(0), contact_id: 'ct-1', opportunity_id: 'o-1', deleted_at: daysAgo(0) },
    { kind: 'stage_change', occurred_at: daysAgo(0), contact_id: null, opportunity_id: 'o-2' },
  ],
  history: [],
  companies: [{ id: 'co-1', siret: '54205118000066', sector: 'Garage', size: null }],
  contacts: [
    {
      id: 'ct-1',
      created_at: daysAgo(50),
      first_name: 'Camille',
      last_name: null,
      email: 'camille@example.test',
      phone: null,
      mobile: '+33612345678',
      job_title: null,
      company_id: 'co-1',
      last_contacted_at: daysAgo(1),
    },
  ],
};

describe('computeTenantScores', () => {
  it('derives the inputs from replica rows: interactions, stage, median, completeness and fit', () => {
    const scores = computeTenantScores(ROWS, DEFAULT_WEIGHTS, NOW);
    expect([...scores.opportunities.keys()].sort()).toEqual(['o-1', 'o-2', 'o-3']);
    const o1 = scores.opportunities.get('o-1');
    // The call on the deal and the visit to its contact that names no deal; the note, the deleted
    // e-mail and the system entry do not count.
    expect(o1?.contributions).toContainEqual({ signal: 'frequency', points: 13, params: { week: 2, month: 2 } });
    expect(o1?.contributions).toContainEqual({ signal: 'recency', points: 19, params: { days: 1, last: 1 } });
    // Median of 200,000 / 100,000 / 100,000 (live rows) = 100,000 → twice the median.
    expect(o1?.contributions).toContainEqual({ signal: 'amount', points: 10, params: { percent: 200 } });
    expect(o1?.contributions).toContainEqual({ signal: 'company_fit', points: 8, params: { filled: 4, total: 5 } });
    expect(o1?.contributions).toContainEqual({ signal: 'completeness', points: 5, params: { filled: 3, total: 6 } });
    const o2 = scores.opportunities.get('o-2');
    expect(o2?.contributions).toContainEqual({ signal: 'stage', points: 11, params: { probability: 75 } });
    expect(o2?.contributions).toContainEqual({ signal: 'frequency', points: 0, params: { week: 0, month: 0 } });
    expect(scores.opportunities.get('o-3')?.score).toBe(100);
    expect(scores.contacts.get('ct-1')?.contributions).toContainEqual({
      signal: 'open_opportunities',
      points: 8,
      params: { count: 1 },
    });
  });

  it('learns the typical stage age from at least three completed stays', () => {
    const stay = (opp: string, stage: string, at: string, id: string) => ({
      id,
      opportunity_id: opp,
      to_stage_id: stage,
      changed_at: at,
    });
    const history = [
      stay('a', 's-prospect', daysAgo(30), 'h1'),
      stay('a', 's-demo', daysAgo(26), 'h2'),
      stay('b', 's-prospect', daysAgo(30), 'h3'),
      stay('b', 's-demo', daysAgo(24), 'h4'),
      stay('c', 's-prospect', daysAgo(20), 'h5'),
      stay('c', 's-lost', daysAgo(12), 'h6'),
    ];
    const stats = computeTenantStats({ opportunities: [], history }, NOW);
    expect(stats.median_amount_cents).toBeNull();
    expect([...stats.typical_stage_days]).toEqual([['s-prospect', 6]]);
    expect(computeTenantStats({ opportunities: [], history: history.slice(0, 4) }, NOW).typical_stage_days.size).toBe(
      0,
    );
  });

  it('gives the same result for the same rows and instant', () => {
    const a = computeTenantScores(ROWS, DEFAULT_WEIGHTS, NOW);
    const b = computeTenantScores(structuredClone(ROWS), DEFAULT_WEIGHTS, new Date(NOW.getTime()));
    expect([...b.opportunities]).toEqual([...a.opportunities]);
    expect([...b.contacts]).toEqual([...a.contacts]);
  });
});

describe('computeRocAuc', () => {
  it('is 1 for a perfect ranking, 0 for a reversed one and 0.5 when everything ties', () => {
    expect(computeRocAuc([0.1, 0.2, 0.8, 0.9], [false, false, true, true])).toBe(1);
    expect(computeRocAuc([0.9, 0.8, 0.2, 0.1], [false, false, true, true])).toBe(0);
    expect(computeRocAuc([5, 5, 5, 5], [true, false, true, false])).toBe(0.5);
  });

  it('counts ties between a positive and a negative as one half', () => {
    // Pairs (p, n): (3,1) win, (3,3) tie, (2,1) win, (2,3) loss → (2 + 0.5) / 4.
    expect(computeRocAuc([3, 2, 1, 3], [true, true, false, false])).toBe(0.625);
  });

  it('matches counting every positive/negative pair', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const scores = Array.from({ length: 300 }, () => Math.floor(random() * 20));
    const labels = scores.map((s) => random() < s / 25);
    let wins = 0;
    let pairs = 0;
    scores.forEach((p, i) => {
      if (!labels[i]) return;
      scores.forEach((n, j) => {
        if (labels[j]) return;
        pairs += 1;
        wins += p > n ? 1 : p === n ? 0.5 : 0;
      });
    });
    expect(computeRocAuc(scores, labels)).toBeCloseTo(wins / pairs, 12);
  });

  it('is undefined without both classes', () => {
    expect(computeRocAuc([1, 2], [true, true])).toBeNull();
    expect(computeRocAuc([], [])).toBeNull();
  });
});
