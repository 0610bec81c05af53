/**
 * French company identifiers: SIREN (9 digits) and SIRET (14 digits) with their Luhn key, and
 * intra-community VAT numbers (French key computed from the SIREN). Mirrored in SQL by
 * private.is_valid_siren / is_valid_siret / is_valid_vat_number so the database refuses what
 * the form refuses.
 */

/** Removes spaces, dots and dashes people type inside identifiers. */
export function normaliseIdentifier(value: string): string {
  return value.replace(/[\s.\-\u00a0\u202f]/g, '').toUpperCase();
}

/** Luhn check over a string of digits. */
export function isValidLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** SIREN: 9 digits with a valid Luhn key. */
export function isValidSiren(value: string): boolean {
  const siren = normaliseIdentifier(value);
  return /^\d{9}$/.test(siren) && isValidLuhn(siren);
}

/** La Poste's establishments share SIREN 356000000 and use a different key: digit sum % 5. */
const LA_POSTE_SIREN = '356000000';

/** SIRET: 14 digits, a valid SIREN prefix, and a valid Luhn key (La Poste excepted). */
export function isValidSiret(value: string): boolean {
  const siret = normaliseIdentifier(value);
  if (!/^\d{14}$/.test(siret)) return false;
  if (siret.startsWith(LA_POSTE_SIREN)) {
    return [...siret].reduce((sum, d) => sum + Number(d), 0) % 5 === 0;
  }
  return isValidLuhn(siret.slice(0, 9)) && isValidLuhn(siret);
}

/** The two-digit key of a French VAT number: (12 + 3 × (SIREN mod 97)) mod 97. */
export function computeFrenchVatKey(siren: string): string {
  const key = (12 + 3 * (Number(siren) % 97)) % 97;
  return String(key).padStart(2, '0');
}

/** Builds FRkk + SIREN from a valid SIREN. */
export function buildFrenchVatNumber(siren: string): string {
  const s = normaliseIdentifier(siren);
  return `FR${computeFrenchVatKey(s)}${s}`;
}

/** Formats of the EU VAT numbers we accept (country prefix + body), per the VIES rules. */
const EU_VAT_FORMATS: Readonly<Record<string, RegExp>> = {
  AT: /^U\d{8}$/,
  BE: /^[01]\d{9}$/,
  BG: /^\d{9,10}$/,
  CY: /^\d{8}[A-Z]$/,
  CZ: /^\d{8,10}$/,
  DE: /^\d{9}$/,
  DK: /^\d{8}$/,
  EE: /^\d{9}$/,
  EL: /^\d{9}$/,
  ES: /^[A-Z0-9]\d{7}[A-Z0-9]$/,
  FI: /^\d{8}$/,
  HR: /^\d{11}$/,
  HU: /^\d{8}$/,
  IE: /^\d[A-Z0-9+*]\d{5}[A-Z]{1,2}$/,
  IT: /^\d{11}$/,
  LT: /^(\d{9}|\d{12})$/,
  LU: /^\d{8}$/,
  LV: /^\d{11}$/,
  MT: /^\d{8}$/,
  NL: /^\d{9}B\d{2}$/,
  PL: /^\d{10}$/,
  PT: /^\d{9}$/,
  RO: /^\d{2,10}$/,
  SE: /^\d{12}$/,
  SI: /^\d{8}$/,
  SK: /^\d{10}$/,
  XI: /^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/,
};

/**
 * Intra-community VAT number. French numbers: FR + key + valid SIREN, with the numeric key
 * checked (alphanumeric keys, issued to some entities, are accepted on format). Other EU
 * numbers: format only (the checksum varies by country; VIES is the authority).
 */
export function isValidVatNumber(value: string): boolean {
  const vat = normaliseIdentifier(value);
  if (vat.startsWith('FR')) {
    const match = /^FR([0-9A-HJ-NP-Z]{2})(\d{9})$/.exec(vat);
    if (!match) return false;
    const [, key = '', siren = ''] = match;
    if (!isValidSiren(siren)) return false;
    return /^\d{2}$/.test(key) ? key === computeFrenchVatKey(siren) : true;
  }
  const format = EU_VAT_FORMATS[vat.slice(0, 2)];
  return format !== undefined && format.test(vat.slice(2));
}
