/** Wall-clock dates and times in the company's time zone, stored as UTC instants. */
import { describe, expect, it } from 'vitest';
import { getDayKey, parseLocalInputValue, shiftDayKey, toLocalInputValue, toZonedInputs } from './zoned-time.ts';

const PARIS = 'Europe/Paris';

describe('zoned time', () => {
  it('puts an instant on the day of the company clock, not UTC', () => {
    // 23:30 UTC on 21 Nov is 00:30 on 22 Nov in Paris (UTC+1).
    expect(getDayKey('2026-11-21T23:30:00Z', PARIS)).toBe('2026-11-22');
    expect(getDayKey('2026-11-21T23:30:00Z', 'UTC')).toBe('2026-11-21');
    expect(getDayKey(Date.parse('2026-11-22T23:30:00Z'), PARIS)).toBe('2026-11-23');
    expect(getDayKey('not a date', PARIS)).toBe('0000-00-00');
    expect(shiftDayKey(Date.parse('2026-11-30T12:00:00Z'), 1, PARIS)).toBe('2026-12-01');
  });

  it('round-trips a datetime-local value through the company time zone, summer time included', () => {
    expect(parseLocalInputValue('2026-07-14T09:30', PARIS)).toBe('2026-07-14T07:30:00.000Z');
    expect(parseLocalInputValue('2026-11-22T09:30', PARIS)).toBe('2026-11-22T08:30:00.000Z');
    expect(toLocalInputValue(Date.parse('2026-11-22T08:30:00Z'), PARIS)).toBe('2026-11-22T09:30');
    expect(parseLocalInputValue('not a date', PARIS)).toBeNull();
    expect(parseLocalInputValue('2026-13-01T09:00', PARIS)).toBeNull();
  });

  it('splits an instant into date and time inputs, blank when there is none', () => {
    expect(toZonedInputs('2026-11-23T08:00:00.000Z', PARIS)).toEqual({ date: '2026-11-23', time: '09:00' });
    expect(toZonedInputs('2026-07-01T07:00:00.000Z', PARIS)).toEqual({ date: '2026-07-01', time: '09:00' });
    expect(toZonedInputs(null, PARIS)).toEqual({ date: '', time: '' });
    expect(toZonedInputs('garbage', PARIS)).toEqual({ date: '', time: '' });
  });
});
