import { describe, expect, it } from 'vitest';
import { computeFunnel, effectiveProbability, summariseStages, timeInStages } from './pipeline.ts';

const STAGES = [
  { id: 'won', position: 6, probability: 100, kind: 'won' as const },
  { id: 'prospect', position: 1, probability: 10, kind: 'open' as const },
  { id: 'contact', position: 2, probability: 20, kind: 'open' as const },
  { id: 'proposal', position: 5, probability: 80, kind: 'open' as const },
  { id: 'lost', position: 7, probability: 0, kind: 'lost' as const },
  { id: 'old', position: 3, probability: 50, kind: 'open' as const, deleted_at: '2026-11-01T00:00:00Z' },
];

const opp = (id: string, stage_id: string, amount_cents: number, probability: number | null = null) => ({
  id,
  stage_id,
  amount_cents,
  probability,
});

describe('effectiveProbability', () => {
  it("uses the deal's own probability, else its stage's, and forces won/lost", () => {
    expect(effectiveProbability({ probability: null }, STAGES[1])).toBe(10);
    expect(effectiveProbability({ probability: 35 }, STAGES[1])).toBe(35);
    expect(effectiveProbability({ probability: 35 }, STAGES[0])).toBe(100);
    expect(effectiveProbability({ probability: 35 }, STAGES[4])).toBe(0);
    expect(effectiveProbability({ probability: null }, undefined)).toBe(0);
  });
});

describe('summariseStages', () => {
  it('counts, totals and weights each live stage in board order, rounding once per stage', () => {
    const summary = summariseStages(
      [
        opp('a', 'prospect', 333),
        opp('b', 'prospect', 333),
        opp('c', 'prospect', 334, 15),
        opp('d', 'proposal', 1_000_000),
        opp('e', 'won', 250_00, 10),
        opp('f', 'lost', 999),
        { ...opp('g', 'prospect', 1_000), deleted_at: '2026-11-02T00:00:00Z' },
        opp('h', 'unknown', 5),
      ],
      STAGES,
    );
    expect(summary).toEqual([
      // 333×10 + 333×10 + 334×15 = 11,670 → 116.70 → 117 (one rounding; per card it would be 33+33+50 = 116).
      { stage_id: 'prospect', count: 3, total_cents: 1000, weighted_cents: 117 },
      { stage_id: 'contact', count: 0, total_cents: 0, weighted_cents: 0 },
      { stage_id: 'proposal', count: 1, total_cents: 1_000_000, weighted_cents: 800_000 },
      { stage_id: 'won', count: 1, total_cents: 25_000, weighted_cents: 25_000 },
      { stage_id: 'lost', count: 1, total_cents: 999, weighted_cents: 0 },
    ]);
  });

  it('rounds halves away from zero and stays exact for the largest amounts', () => {
    expect(summariseStages([opp('a', 'prospect', 5)], STAGES)[0]?.weighted_cents).toBe(1); // 0.5 → 1
    const max = 10 ** 13;
    const many = Array.from({ length: 20 }, (_, i) => opp(`m${i}`, 'proposal', max, 99));
    expect(summariseStages(many, STAGES)[2]).toEqual({
      stage_id: 'proposal',
      count: 20,
      total_cents: 20 * max,
      weighted_cents: 20 * max * 0.99,
    });
  });
});

const entry = (id: string, opportunity_id: string, to_stage_id: string, changed_at: string) => ({
  id,
  opportunity_id,
  to_stage_id,
  changed_at,
});

describe('computeFunnel', () => {
  it('converts from each stage to the next, counting skipped stages as passed', () => {
    const history = [
      // a: prospect → contact → proposal → won
      entry('1', 'a', 'prospect', '2026-10-01T00:00:00Z'),
      entry('2', 'a', 'contact', '2026-10-02T00:00:00Z'),
      entry('3', 'a', 'proposal', '2026-10-03T00:00:00Z'),
      entry('4', 'a', 'won', '2026-10-04T00:00:00Z'),
      // b: prospect → proposal (skips contact) → lost
      entry('5', 'b', 'prospect', '2026-10-01T00:00:00Z'),
      entry('6', 'b', 'proposal', '2026-10-05T00:00:00Z'),
      entry('7', 'b', 'lost', '2026-10-06T00:00:00Z'),
      // c: prospect → lost
      entry('8', 'c', 'prospect', '2026-10-01T00:00:00Z'),
      entry('9', 'c', 'lost', '2026-10-02T00:00:00Z'),
      // d: prospect → contact
      entry('10', 'd', 'prospect', '2026-10-01T00:00:00Z'),
      entry('11', 'd', 'contact', '2026-10-03T00:00:00Z'),
      { ...entry('12', 'd', 'won', '2026-10-04T00:00:00Z'), deleted_at: '2026-10-05T00:00:00Z' },
    ];
    const funnel = computeFunnel(history, STAGES);
    expect(funnel.steps).toEqual([
      { stage_id: 'prospect', reached: 4, advanced: 3, conversion: 0.75 },
      { stage_id: 'contact', reached: 3, advanced: 2, conversion: 2 / 3 },
      { stage_id: 'proposal', reached: 2, advanced: 1, conversion: 0.5 },
      { stage_id: 'won', reached: 1, advanced: null, conversion: null },
    ]);
    expect(funnel.overall).toBe(0.25);
  });

  it('has no conversion without history', () => {
    const funnel = computeFunnel([], STAGES);
    expect(funnel.overall).toBeNull();
    expect(funnel.steps[0]).toEqual({ stage_id: 'prospect', reached: 0, advanced: 0, conversion: null });
  });
});

describe('timeInStages', () => {
  it('lasts until the next entry, or now for the current stage, and averages completed stays', () => {
    const now = new Date('2026-10-10T00:00:00Z');
    const day = 86_400_000;
    const result = timeInStages(
      [
        entry('2', 'a', 'contact', '2026-10-03T00:00:00Z'),
        entry('1', 'a', 'prospect', '2026-10-01T00:00:00Z'),
        entry('3', 'b', 'prospect', '2026-10-01T00:00:00Z'),
        entry('4', 'b', 'contact', '2026-10-05T00:00:00Z'),
        entry('5', 'b', 'won', '2026-10-06T00:00:00Z'),
        entry('6', 'c', 'prospect', '2026-10-02T00:00:00Z'),
        entry('7', 'c', 'lost', '2026-10-09T00:00:00Z'),
      ],
      now,
    );
    expect(result.by_opportunity.get('a')).toEqual([
      {
        stage_id: 'prospect',
        entered_at: '2026-10-01T00:00:00Z',
        left_at: '2026-10-03T00:00:00Z',
        duration_ms: 2 * day,
      },
      { stage_id: 'contact', entered_at: '2026-10-03T00:00:00Z', left_at: null, duration_ms: 7 * day },
    ]);
    expect(result.averages).toEqual([
      { stage_id: 'contact', count: 1, average_ms: day, median_ms: day },
      { stage_id: 'prospect', count: 3, average_ms: (13 * day) / 3, median_ms: 4 * day },
    ]);
  });
});
