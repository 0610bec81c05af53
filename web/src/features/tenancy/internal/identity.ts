/**
 * Checks on a company's identity as the user types it, with the shared validators
 * (@shared/identity/french-ids.ts — the database runs the same rules as check constraints).
 * Each function returns the message key of the first problem, or undefined. Empty optional
 * fields are fine: a company can complete its legal mentions later, before its first invoice.
 */
import {
  buildFrenchVatNumber,
  computeFrenchVatKey,
  isValidLuhn,
  isValidSiren,
  isValidSiret,
  isValidVatNumber,
  normaliseIdentifier,
} from '@shared/identity/french-ids.ts';

export const MAX_NAME_LENGTH = 120;

export function findNameProblem(name: string) {
  const value = name.trim();
  if (!value) return 'tenancy.identity.errors.nameRequired' as const;
  if ([...value].length > MAX_NAME_LENGTH) return 'tenancy.identity.errors.nameTooLong' as const;
  return undefined;
}

export function findSirenProblem(value: string) {
  const siren = normaliseIdentifier(value);
  if (!siren) return undefined;
  if (!/^\d{9}$/.test(siren)) return 'tenancy.identity.errors.sirenFormat' as const;
  if (!isValidSiren(siren)) return 'tenancy.identity.errors.sirenKey' as const;
  return undefined;
}

export function findSiretProblem(value: string, siren = '') {
  const siret = normaliseIdentifier(value);
  if (!siret) return undefined;
  if (!/^\d{14}$/.test(siret)) return 'tenancy.identity.errors.siretFormat' as const;
  if (!isValidSiret(siret)) return 'tenancy.identity.errors.siretKey' as const;
  const normalisedSiren = normaliseIdentifier(siren);
  if (normalisedSiren && !siret.startsWith(normalisedSiren)) return 'tenancy.identity.errors.siretMismatch' as const;
  return undefined;
}

/** One field for either number (onboarding): 14 digits = SIRET, 9 digits = SIREN. */
export function findRegistrationProblem(value: string) {
  const digits = normaliseIdentifier(value);
  if (!digits) return undefined;
  if (!/^(\d{9}|\d{14})$/.test(digits)) return 'tenancy.identity.errors.registrationFormat' as const;
  if (digits.length === 9) return isValidSiren(digits) ? undefined : ('tenancy.identity.errors.sirenKey' as const);
  return isValidSiret(digits) ? undefined : ('tenancy.identity.errors.siretKey' as const);
}

/** The SIREN and SIRET a registration number stands for (SIRET → its first 9 digits). */
export function splitRegistration(value: string): { siren: string; siret: string } {
  const digits = normaliseIdentifier(value);
  if (/^\d{14}$/.test(digits)) return { siren: digits.slice(0, 9), siret: digits };
  if (/^\d{9}$/.test(digits)) return { siren: digits, siret: '' };
  return { siren: '', siret: '' };
}

export function findVatProblem(value: string, siren = '') {
  const vat = normaliseIdentifier(value);
  if (!vat) return undefined;
  const french = /^FR(\d{2})(\d{9})$/.exec(vat);
  if (french) {
    const [, key = '', vatSiren = ''] = french;
    // "Clé invalide": the SIREN inside fails Luhn, or the two-digit key does not match it.
    if (!isValidLuhn(vatSiren) || key !== computeFrenchVatKey(vatSiren)) {
      return 'tenancy.identity.errors.vatKey' as const;
    }
    const normalisedSiren = normaliseIdentifier(siren);
    if (isValidSiren(normalisedSiren) && vatSiren !== normalisedSiren) {
      return 'tenancy.identity.errors.vatMismatch' as const;
    }
    return undefined;
  }
  if (!isValidVatNumber(vat)) return 'tenancy.identity.errors.vatFormat' as const;
  return undefined;
}

/** The French VAT number of a valid SIREN, or undefined (offered as a one-click fill). */
export function suggestFrenchVatNumber(siren: string): string | undefined {
  const normalised = normaliseIdentifier(siren);
  return isValidSiren(normalised) ? buildFrenchVatNumber(normalised) : undefined;
}

/** French postal codes: 5 digits (01000–98899, overseas included). */
export function findPostalCodeProblem(value: string) {
  const code = value.trim();
  if (!code) return undefined;
  return /^\d{5}$/.test(code) ? undefined : ('tenancy.identity.errors.postalCode' as const);
}

/** Share capital typed in euros ("1 000", "7500,50") → cents, or null when empty. */
export function parseEurosToCents(value: string): number | null | 'invalid' {
  const compact = value.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  if (!compact) return null;
  if (!/^\d+(\.\d{1,2})?$/.test(compact)) return 'invalid';
  const cents = Math.round(Number(compact) * 100);
  return Number.isSafeInteger(cents) ? cents : 'invalid';
}

export function findCapitalProblem(value: string) {
  return parseEurosToCents(value) === 'invalid' ? ('tenancy.identity.errors.capital' as const) : undefined;
}

/** Invoice numbering prefix: capitals, digits and dashes, 12 at most (database rule). */
export function findPrefixProblem(value: string) {
  return /^[A-Z0-9-]{0,12}$/.test(value.trim().toUpperCase()) ? undefined : ('tenancy.settings.errors.prefix' as const);
}

export const MIN_SESSION_TIMEOUT = 5;
export const MAX_SESSION_TIMEOUT = 1440;

export function findTimeoutProblem(value: string) {
  const minutes = Number(value.trim());
  return Number.isInteger(minutes) && minutes >= MIN_SESSION_TIMEOUT && minutes <= MAX_SESSION_TIMEOUT
    ? undefined
    : ('tenancy.settings.errors.timeout' as const);
}

/** Cents → "10 000,00" style euros for the form (no currency sign: the field says €). */
export function formatCentsForInput(cents: number | null): string {
  if (cents === null) return '';
  const euros = cents / 100;
  return Number.isInteger(euros) ? String(euros) : euros.toFixed(2).replace('.', ',');
}
