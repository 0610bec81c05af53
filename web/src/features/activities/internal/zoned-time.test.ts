import { describe, expect, it } from 'vitest';
import { computeDueAt, getDayKey, parseLocalInputValue, toLocalInputValue } from './zoned-time.ts';

const PARIS = 'Europe/Paris';

describe('zoned time', () => {
  it('puts an instant on the day of the company clock, not UTC', () => {
    // 23:30 UTC on 21 Nov is 00:30 on 22 Nov in Paris (UTC+1).
    expect(getDayKey('2026-11-21T23:30:00Z', PARIS)).toBe('2026-11-22');
    expect(getDayKey('2026-11-21T23:30:00Z', 'UTC')).toBe('2026-11-21');
  });

  it('round-trips a datetime-local value through the company time zone, summer time included', () => {
    expect(parseLocalInputValue('2026-07-14T09:30', PARIS)).toBe('2026-07-14T07:30:00.000Z');
    expect(parseLocalInputValue('2026-11-22T09:30', PARIS)).toBe('2026-11-22T08:30:00.000Z');
    expect(toLocalInputValue(Date.parse('2026-11-22T08:30:00Z'), PARIS)).toBe('2026-11-22T09:30');
    expect(parseLocalInputValue('not a date', PARIS)).toBeNull();
    expect(parseLocalInputValue('2026-13-01T09:00', PARIS)).toBeNull();
  });

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
