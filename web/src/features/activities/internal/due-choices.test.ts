import { describe, expect, it } from 'vitest';
import { computeDueAt } from './due-choices.ts';

const PARIS = 'Europe/Paris';

describe('quick due dates', () => {
  it('computes quick due dates at 9:00 local: tomorrow, in three days, next Monday', () => {
    // Sunday 22 Nov 2026, 23:30 in Paris.
    const sundayNight = Date.parse('2026-11-22T22:30:00Z');
    expect(computeDueAt('tomorrow', sundayNight, PARIS)).toBe('2026-11-23T08:00:00.000Z');
    expect(computeDueAt('in3Days', sundayNight, PARIS)).toBe('2026-11-25T08:00:00.000Z');
    expect(computeDueAt('nextWeek', sundayNight, PARIS)).toBe('2026-11-23T08:00:00.000Z');
    // Monday 23 Nov: next week is the Monday after, never today; month ends roll over.
    const monday = Date.parse('2026-11-23T10:00:00Z');
    expect(computeDueAt('nextWeek', monday, PARIS)).toBe('2026-11-30T08:00:00.000Z');
    expect(computeDueAt('in3Days', Date.parse('2026-11-29T10:00:00Z'), PARIS)).toBe('2026-12-02T08:00:00.000Z');
  });
});
