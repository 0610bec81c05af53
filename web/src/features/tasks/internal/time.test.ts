/** Dates typed in the company's time zone, stored as UTC instants. */
import { describe, expect, it } from 'vitest';
import { fromZonedInputs, isEndOfDay } from './time.ts';

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

  it('refuses a blank or malformed date', () => {
    expect(fromZonedInputs('', '09:00', 'Europe/Paris')).toBeNull();
    expect(fromZonedInputs('23/11/2026', '09:00', 'Europe/Paris')).toBeNull();
  });
});
