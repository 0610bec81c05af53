/**
 * The quick due dates of "plan next step": tomorrow, in three days or next Monday, at the start of
 * a working day in the company's time zone.
 */
import { getZonedInstant, getZonedParts } from '@web/lib/time/index.ts';

export const DUE_CHOICES = ['tomorrow', 'in3Days', 'nextWeek'] as const;
export type DueChoice = (typeof DUE_CHOICES)[number];

/** Tasks planned from a quick chip fall due at 9:00, the start of a working day. */
const DUE_HOUR = 9;

/**
 * The due instant of a quick chip: tomorrow, in three days, or next Monday (always in the coming
 * week, never today), at 9:00 in `timeZone`.
 */
export function computeDueAt(choice: DueChoice, nowMs: number, timeZone: string): string {
  const today = getZonedParts(nowMs, timeZone);
  const offsetDays = choice === 'tomorrow' ? 1 : choice === 'in3Days' ? 3 : (8 - today.weekday) % 7 || 7;
  return new Date(
    getZonedInstant(today.year, today.month, today.day + offsetDays, DUE_HOUR, 0, timeZone),
  ).toISOString();
}
