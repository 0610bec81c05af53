/** "il y a 2 minutes" / "2 minutes ago": how long ago an ISO instant was, in the UI language. */
import { LOCALE_BY_LANGUAGE, type Language } from '@web/i18n/index.ts';

const STEPS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/** Formats `iso` relative to `now` ("à l’instant" under 10 s, then the largest sensible unit). */
export function formatRelativeTime(iso: string, now: number, language: Language): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return iso;
  const format = new Intl.RelativeTimeFormat(LOCALE_BY_LANGUAGE[language], { numeric: 'auto' });
  let amount = (then - now) / 1000;
  if (Math.abs(amount) < 10) return format.format(0, 'second');
  for (const [unit, size] of STEPS) {
    if (Math.abs(amount) < size) return format.format(Math.round(amount), unit);
    amount /= size;
  }
  return format.format(Math.round(amount), 'year');
}
