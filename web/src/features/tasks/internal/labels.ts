/**
 * Translation keys of the task enums, spelled out (not built) so the locale test sees them used,
 * and the due-date label ("Aujourd’hui à 14:00", "ven. 27 nov.").
 */
import type { TFunction } from 'i18next';
import { LOCALE_BY_LANGUAGE, type Language } from '@web/i18n/index.ts';
import type { MyDayGroup } from './my-day.ts';
import { getDayKey } from '@web/lib/time/index.ts';
import { isEndOfDay } from './time.ts';

export const PRIORITY_KEYS = {
  low: 'tasks.priority.low',
  normal: 'tasks.priority.normal',
  high: 'tasks.priority.high',
  urgent: 'tasks.priority.urgent',
} as const;

export const STATUS_KEYS = {
  todo: 'tasks.status.todo',
  in_progress: 'tasks.status.in_progress',
  done: 'tasks.status.done',
} as const;

export const GROUP_KEYS: Readonly<
  Record<MyDayGroup, 'tasks.myDay.overdue' | 'tasks.myDay.today' | 'tasks.myDay.upcoming' | 'tasks.myDay.noDate'>
> = {
  overdue: 'tasks.myDay.overdue',
  today: 'tasks.myDay.today',
  upcoming: 'tasks.myDay.upcoming',
  noDate: 'tasks.myDay.noDate',
};

export const LINK_KIND_KEYS = {
  contacts: 'tasks.links.contact',
  companies: 'tasks.links.company',
  opportunities: 'tasks.links.opportunity',
} as const;

export function getPriorityKey(priority: string) {
  return PRIORITY_KEYS[priority as keyof typeof PRIORITY_KEYS] ?? PRIORITY_KEYS.normal;
}

export function getStatusKey(status: string) {
  return STATUS_KEYS[status as keyof typeof STATUS_KEYS] ?? STATUS_KEYS.todo;
}

function formatWith(date: Date, language: Language, timeZone: string, options: Intl.DateTimeFormatOptions): string {
  try {
    return new Intl.DateTimeFormat(LOCALE_BY_LANGUAGE[language], { ...options, timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(LOCALE_BY_LANGUAGE[language], options).format(date);
  }
}

/** When a task is due, in words: today's time, or the day (and time unless "end of day"). */
export function formatDue(iso: string, now: number, language: Language, timeZone: string, t: TFunction): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const hasTime = !isEndOfDay(iso, timeZone);
  const time = formatWith(date, language, timeZone, { hour: '2-digit', minute: '2-digit' });
  if (getDayKey(iso, timeZone) === getDayKey(now, timeZone)) {
    return hasTime ? t('tasks.due.todayAt', { time }) : t('tasks.due.today');
  }
  const day = formatWith(date, language, timeZone, { weekday: 'short', day: 'numeric', month: 'short' });
  return hasTime ? t('tasks.due.dayAt', { day, time }) : day;
}
