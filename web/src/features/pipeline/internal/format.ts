/** Display helpers shared by the pipeline screens. */
import type { TFunction } from 'i18next';
import { LOCALE_BY_LANGUAGE, type Language } from '@web/i18n/index.ts';
import type { PipelineContext } from '../hooks/use-pipeline-context.ts';

/** Integer cents → "12 500,00 €" (the user's language; a bad currency code falls back to EUR). */
export function formatMoney(cents: number, language: Language, currency = 'EUR'): string {
  const locale = LOCALE_BY_LANGUAGE[language];
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100);
  } catch {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(cents / 100);
  }
}

/** Cents → what the amount input shows ("1250.5" → "1250,50" in French): two decimals. */
export function formatEurosInput(cents: number): string {
  return cents === 0 ? '' : (cents / 100).toFixed(2);
}

/**
 * What the user typed in euros → integer cents; '' is 0; null when it is not an amount. Accepts
 * "1 250,50", "1250.5", "1250" (spaces, including the narrow no-break ones fr-FR prints, ignored).
 */
export function parseEurosToCents(text: string): number | null {
  const compact = text.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  if (compact === '') return 0;
  if (!/^\d+(\.\d{0,2})?$/.test(compact)) return null;
  const [whole = '0', fraction = ''] = compact.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** A calendar date ("2026-12-31") in the user's language, without a time-zone shift. */
export function formatCalendarDate(date: string | null, language: Language): string {
  if (!date) return '';
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime())) return date;
  return new Intl.DateTimeFormat(LOCALE_BY_LANGUAGE[language], { dateStyle: 'medium', timeZone: 'UTC' }).format(parsed);
}

/** "Moi", the member's name, "Non attribuée", or "Autre membre" when the member list lacks them. */
export function formatOwner(ownerId: string | null, context: PipelineContext, t: TFunction): string {
  if (!ownerId) return t('pipeline.common.unassigned');
  if (ownerId === context.userId) return t('pipeline.common.me');
  const member = context.membersById.get(ownerId);
  return member ? (member.display_name ?? member.email) : t('pipeline.common.unknownOwner');
}

/** "Hélène Durand" → "HD", "lucas@garage.fr" → "LU"; '' for nobody. */
export function getInitials(name: string): string {
  const words = name
    .replace(/@.*$/, '')
    .split(/[\s._-]+/)
    .filter(Boolean);
  if (words.length === 0) return '';
  if (words.length === 1) return (words[0] ?? '').slice(0, 2).toUpperCase();
  return `${(words[0] ?? '').charAt(0)}${(words[words.length - 1] ?? '').charAt(0)}`.toUpperCase();
}

/** A duration in whole days, hours or minutes ("3 j", "5 h", "12 min"). */
export function formatDuration(ms: number, t: TFunction): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return t('pipeline.duration.minutes', { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t('pipeline.duration.hours', { count: hours });
  return t('pipeline.duration.days', { count: Math.floor(hours / 24) });
}
