/**
 * Wall-clock arithmetic in a named time zone (the company's), without a date library: day keys
 * for grouping, the values of date, time and `datetime-local` inputs, the instant of a wall-clock
 * time. Instants stay UTC ISO strings everywhere else (STYLE §5).
 */

export type ZonedParts = {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  /** 0 = Sunday … 6 = Saturday. */
  readonly weekday: number;
};

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const formatters = new Map<string, Intl.DateTimeFormat>();

function getFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        weekday: 'short',
      });
    } catch {
      // An unknown zone (bad preference) must not break the screen: UTC is at least stable.
      formatter = getFormatter('UTC');
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The calendar fields of an instant as a wall clock in `timeZone` shows them. */
export function getZonedParts(epochMs: number, timeZone: string): ZonedParts {
  const fields: Record<string, string> = {};
  for (const part of getFormatter(timeZone).formatToParts(new Date(epochMs))) fields[part.type] = part.value;
  return {
    year: Number(fields['year']),
    month: Number(fields['month']),
    day: Number(fields['day']),
    hour: Number(fields['hour']) % 24,
    minute: Number(fields['minute']),
    weekday: WEEKDAYS.indexOf(fields['weekday'] ?? 'Sun'),
  };
}

function getOffsetMs(epochMs: number, timeZone: string): number {
  const p = getZonedParts(epochMs, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return asUtc - Math.floor(epochMs / 60_000) * 60_000;
}

/**
 * The instant a wall clock in `timeZone` shows this date and time (month 1..12; overflow rolls).
 * The zone's offset is read at the guessed instant, then once more: a time that crosses a
 * daylight-saving change lands on the right side of it.
 */
export function getZonedInstant(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone: string,
): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  const first = guess - getOffsetMs(guess, timeZone);
  const second = guess - getOffsetMs(first, timeZone);
  return second;
}

const pad = (value: number) => String(value).padStart(2, '0');

/** "2026-11-22": the day an instant (ISO string or epoch ms) falls on in `timeZone`. */
export function getDayKey(instant: string | number, timeZone: string): string {
  const time = new Date(instant).getTime();
  if (Number.isNaN(time)) return '0000-00-00';
  const p = getZonedParts(time, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** The day key `days` days after the day of `epochMs` (negative: before). */
export function shiftDayKey(epochMs: number, days: number, timeZone: string): string {
  const p = getZonedParts(epochMs, timeZone);
  const shifted = new Date(Date.UTC(p.year, p.month - 1, p.day + days));
  return `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
}

/** An instant as the value of an `<input type="datetime-local">` in `timeZone`. */
export function toLocalInputValue(epochMs: number, timeZone: string): string {
  const p = getZonedParts(epochMs, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** The ISO instant of a `datetime-local` value read in `timeZone`; null when it is not one. */
export function parseLocalInputValue(value: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  return new Date(getZonedInstant(year, month, day, hour, minute, timeZone)).toISOString();
}

/** An instant as the values of a date input and a time input in `timeZone` (blank when none). */
export function toZonedInputs(iso: string | null, timeZone: string): { date: string; time: string } {
  const time = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(time)) return { date: '', time: '' };
  const [date = '', clock = ''] = toLocalInputValue(time, timeZone).split('T');
  return { date, time: clock };
}
