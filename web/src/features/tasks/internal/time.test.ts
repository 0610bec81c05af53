/** Dates typed in the company's time zone, stored as UTC instants. */
import { describe, expect, it } from 'vitest';
import { fromZonedInputs, getDayKey, isEndOfDay, toZonedInputs } from './time.ts';

describe('zoned dates', () => {
  it('turns a Paris wall-clock time into UTC, in winter and in summer', () => {
    expect(fromZonedInputs('2026-11-23', '09:00', 'Europe/Paris')).toBe('2026-11-23T08:00:00.000Z');
    expect(fromZonedInputs('2026-07-01', '09:00', 'Europe/Paris')).toBe('2026-07-01T07:00:00.000Z');
  });

  it('reads a date without a time as the end of that day', () => {
    const iso = fromZonedInputs('2026-11-23', '', 'Europe/Paris');
    expect(iso).toBe('2026-11-23T22:59:00.000Z');
    expect(isEndOfDay(iso ?? '', 'Europe/Paris')).toBe(true);
  });

  it('round-trips through the inputs and refuses a blank or malformed date', () => {
    expect(toZonedInputs('2026-11-23T08:00:00.000Z', 'Europe/Paris')).toEqual({ date: '2026-11-23', time: '09:00' });
    expect(fromZonedInputs('', '09:00', 'Europe/Paris')).toBeNull();
    expect(fromZonedInputs('23/11/2026', '09:00', 'Europe/Paris')).toBeNull();
    expect(getDayKey('2026-11-22T23:30:00Z', 'Europe/Paris')).toBe('2026-11-23');
  });
});
