/**
 * The task form's due and reminder inputs: a date and an optional time typed in the company's
 * time zone, stored as a UTC instant. A date without a time means the end of that day.
 */
import { getZonedInstant, toZonedInputs } from '@web/lib/time/index.ts';

/** A due date typed without a time means "by the end of that day": never overdue before it ends. */
export const END_OF_DAY = { hour: 23, minute: 59 } as const;

/** The UTC instant of a wall-clock date and time in `timeZone` (null when the date is blank or invalid). */
export function fromZonedInputs(date: string, time: string, timeZone: string): string | null {
  const dateMatch = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!dateMatch) return null;
  const timeMatch = /^(\d{2}):(\d{2})$/.exec(time);
  const [hour, minute] = timeMatch
    ? [Number(timeMatch[1]), Number(timeMatch[2])]
    : [END_OF_DAY.hour, END_OF_DAY.minute];
  const [year, month, day] = [Number(dateMatch[1]), Number(dateMatch[2]), Number(dateMatch[3])];
  return new Date(getZonedInstant(year, month, day, hour, minute, timeZone)).toISOString();
}

/** Whether the instant is the "no time given" end of its day in `timeZone`. */
export function isEndOfDay(iso: string, timeZone: string): boolean {
  return toZonedInputs(iso, timeZone).time === `${END_OF_DAY.hour}:${END_OF_DAY.minute}`;
}
