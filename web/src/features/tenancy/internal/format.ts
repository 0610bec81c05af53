/**
 * Dates of the tenancy screens: in the company's time zone (what the team shares, whatever the
 * device's zone), worded in the interface language.
 */
import { DEFAULT_TIME_ZONE, LOCALE_BY_LANGUAGE, type Language } from '@web/i18n/index.ts';

function createFormat(language: Language, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(LOCALE_BY_LANGUAGE[language], { ...options, timeZone });
  } catch {
    // An unknown zone (typed by hand in the database) falls back rather than showing nothing.
    return new Intl.DateTimeFormat(LOCALE_BY_LANGUAGE[language], { ...options, timeZone: DEFAULT_TIME_ZONE });
  }
}

/** "21 nov. 2026, 10:42" */
export function formatShortDateTime(iso: string, language: Language, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return createFormat(language, timeZone, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** "21 novembre 2026" */
export function formatLongDate(iso: string, language: Language, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return createFormat(language, timeZone, { dateStyle: 'long' }).format(date);
}

/** "Paris — heure d’Europe centrale": a zone as people recognise it. */
export function describeTimeZone(timeZone: string, language: Language): string {
  const city = (timeZone.split('/').at(-1) ?? timeZone).replace(/_/g, ' ');
  try {
    const parts = new Intl.DateTimeFormat(LOCALE_BY_LANGUAGE[language], {
      timeZone,
      timeZoneName: 'longGeneric',
    }).formatToParts(new Date());
    const name = parts.find((part) => part.type === 'timeZoneName')?.value;
    return name ? `${city} — ${name}` : city;
  } catch {
    return city;
  }
}
