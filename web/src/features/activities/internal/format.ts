/** Display helpers of the activity screens: times and day headings in the company's time zone, stage names. */
import type { TFunction } from 'i18next';
import type { PipelineStage } from '@shared/sales/index.ts';
import { LOCALE_BY_LANGUAGE, type Language } from '@web/i18n/index.ts';
import { getStageKey } from './labels.ts';
import { getDayKey, shiftDayKey } from '@web/lib/time/index.ts';

function format(iso: string, language: Language, options: Intl.DateTimeFormatOptions, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(LOCALE_BY_LANGUAGE[language], { ...options, timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(LOCALE_BY_LANGUAGE[language], options).format(date);
  }
}

/** "14:05". */
export function formatTime(iso: string, language: Language, timeZone: string): string {
  return format(iso, language, { timeStyle: 'short' }, timeZone);
}

/** "mardi 17 novembre 2026" (a day heading; the year only when it is not this one). */
export function formatDayHeading(
  dayKey: string,
  nowMs: number,
  language: Language,
  timeZone: string,
  t: TFunction,
): string {
  if (dayKey === shiftDayKey(nowMs, 0, timeZone)) return t('activities.timeline.today');
  if (dayKey === shiftDayKey(nowMs, -1, timeZone)) return t('activities.timeline.yesterday');
  // Noon UTC of that calendar day is that same day in every zone from UTC−11 to UTC+11.
  const noon = `${dayKey}T12:00:00Z`;
  const isThisYear = dayKey.slice(0, 4) === getDayKey(new Date(nowMs).toISOString(), timeZone).slice(0, 4);
  return format(
    noon,
    language,
    { weekday: 'long', day: 'numeric', month: 'long', ...(isThisYear ? {} : { year: 'numeric' }) },
    'UTC',
  );
}

/** A stage's name: its own (renamed or custom), else the default stage's translation. */
export function getStageLabel(stage: PipelineStage | undefined, t: TFunction): string {
  if (!stage) return t('activities.timeline.unknownStage');
  if (stage.name) return stage.name;
  const key = getStageKey(stage.key);
  return key ? t(key) : t('activities.timeline.unknownStage');
}
