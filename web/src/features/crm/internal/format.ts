/** Display helpers shared by the CRM screens. */
import type { TFunction } from 'i18next';
import { formatDateTime, LOCALE_BY_LANGUAGE, type Language } from '@web/i18n/index.ts';
import type { CrmContext } from '../hooks/use-crm-context.ts';

/** "Moi", the member's name, "Non attribué", or "Autre membre" when the member list lacks them. */
export function formatOwner(ownerId: string | null, context: CrmContext, t: TFunction): string {
  if (!ownerId) return t('crm.common.unassigned');
  if (ownerId === context.userId) return t('crm.common.me');
  const member = context.membersById.get(ownerId);
  return member ? (member.display_name ?? member.email) : t('crm.common.unknownOwner');
}

/** A date (no time) in the company's time zone: "21/11/2026". */
export function formatDay(iso: string | null, language: Language, timeZone: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(LOCALE_BY_LANGUAGE[language], { dateStyle: 'short', timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(LOCALE_BY_LANGUAGE[language], { dateStyle: 'short' }).format(date);
  }
}

/** A date and time in full, in the company's time zone. */
export function formatMoment(iso: string | null, language: Language, timeZone: string): string {
  return iso ? formatDateTime(iso, language, timeZone) : '';
}

/** "+33612345678" → "+33 6 12 34 56 78" for French numbers; others as stored. */
export function formatPhone(phone: string | null): string {
  if (!phone) return '';
  const french = /^\+33(\d)(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(phone);
  return french ? `+33 ${french.slice(1).join(' ')}` : phone;
}
