/**
 * Wall-clock dates and times in the company's time zone: "today" for the "Ma journée" groups, and
 * the date + time inputs of the task form, which the user types as local time and the database
 * stores as UTC instants.
 */

type Parts = { year: number; month: number; day: number; hour: number; minute: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

function getFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-GB', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
      });
    } catch {
      // An unknown zone (bad setting) falls back to UTC rather than breaking every screen.
      formatter = getFormatter('UTC');
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function getZonedParts(ms: number, timeZone: string): Parts {
  const parts: Record<string, number> = {};
  for (const part of getFormatter(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts['year'] ?? 1970,
    month: parts['month'] ?? 1,
    day: parts['day'] ?? 1,
    hour: parts['hour'] ?? 0,
    minute: parts['minute'] ?? 0,
  };
}

const pad = (value: number) => String(value).padStart(2, '0');

/** The calendar day ("2026-11-22") of an instant in `timeZone`. */
export function getDayKey(instant: string | number, timeZone: string): string {
  const { year, month, day } = getZonedParts(new Date(instant).getTime(), timeZone);
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** An instant as the values of a date input and a time input in `timeZone`. */
export function toZonedInputs(iso: string | null, timeZone: string): { date: string; time: string } {
  if (!iso) return { date: '', time: '' };
  const ms = new Date(iso).getTime();
  if (Number.isNaN(ms)) return { date: '', time: '' };
  const { year, month, day, hour, minute } = getZonedParts(ms, timeZone);
  return { date: `${year}-${pad(month)}-${pad(day)}`, time: `${pad(hour)}:${pad(minute)}` };
}

/**
 * The UTC instant of a wall-clock date and time in `timeZone` (null when the date is blank or
 * invalid). The zone's offset is read at the guessed instant, then once more: a time that
 * crosses a daylight-saving change lands on the right side of it.
 */
export function fromZonedInputs(date: string, time: string, timeZone: string): string | null {
  const dateMatch = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!dateMatch) return null;
  const timeMatch = /^(\d{2}):(\d{2})$/.exec(time);
  const [hour, minute] = timeMatch
    ? [Number(timeMatch[1]), Number(timeMatch[2])]
    : [END_OF_DAY.hour, END_OF_DAY.minute];
  const wall = Date.UTC(Number(dateMatch[1]), Number(dateMatch[2]) - 1, Number(dateMatch[3]), hour, minute);
  if (Number.isNaN(wall)) return null;
  let guess = wall;
  for (let i = 0; i < 2; i += 1) {
    const parts = getZonedParts(guess, timeZone);
    const shown = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
    guess += wall - shown;
  }
  return new Date(guess).toISOString();
}

/** A due date typed without a time means "by the end of that day": never overdue before it ends. */
export const END_OF_DAY = { hour: 23, minute: 59 } as const;

/** Whether the instant is the "no time given" end of its day in `timeZone`. */
export function isEndOfDay(iso: string, timeZone: string): boolean {
  return toZonedInputs(iso, timeZone).time === `${END_OF_DAY.hour}:${END_OF_DAY.minute}`;
}
