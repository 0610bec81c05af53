/**
 * Whole calendar days in Europe/Paris, computed from the EU summer-time rule (CET = UTC+1,
 * CEST = UTC+2 from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC)
 * instead of Intl, so the browser, Node and Deno give the same day for the same instant whatever
 * their ICU data. Scores compare days, not milliseconds: a call at 23:30 on Monday and one at
 * 08:00 on Tuesday are "1 day apart" for a salesperson in France, whatever the hour of scoring.
 */

const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;

/** 01:00 UTC on the last Sunday of `month` (0-based) of `year`, in epoch ms. */
function getLastSundayAt1Utc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  const sunday = lastDay.getUTCDate() - lastDay.getUTCDay();
  return Date.UTC(year, month, sunday, 1);
}

/** The Paris offset from UTC at an instant, in ms (3,600,000 in winter, 7,200,000 in summer). */
export function getParisOffsetMs(epochMs: number): number {
  const year = new Date(epochMs).getUTCFullYear();
  const isSummer = epochMs >= getLastSundayAt1Utc(year, 2) && epochMs < getLastSundayAt1Utc(year, 9);
  return isSummer ? 2 * MS_PER_HOUR : MS_PER_HOUR;
}

/** Days since 1970-01-01 of the Paris calendar date of an instant; NaN for an unreadable date. */
export function getParisDayNumber(instant: string | Date): number {
  const epochMs = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (!Number.isFinite(epochMs)) return Number.NaN;
  return Math.floor((epochMs + getParisOffsetMs(epochMs)) / MS_PER_DAY);
}

/** Whole Paris days from `from` to `to` (0 on the same date, never negative: a future date counts as today). */
export function countParisDays(from: string | Date, to: string | Date): number {
  const days = getParisDayNumber(to) - getParisDayNumber(from);
  return Number.isFinite(days) ? Math.max(0, days) : 0;
}
