/**
 * Phone numbers as French people type them, stored in E.164 (`+33612345678`), the format
 * `public.profiles.phone` accepts (check `^\+[1-9][0-9]{6,14}$`) and SMS/voice providers expect.
 *
 * Accepted: national numbers ("06 12 34 56 78", "06.12.34.56.78", "0612345678"), international
 * ones ("+33 6 12 34 56 78", "+33 (0)6 12 34 56 78", "0033 6 12 34 56 78", "+32 470 12 34 56"),
 * and the common slip "+33 06 12 34 56 78". National numbers of the overseas departments keep
 * their own country code (ARCEP numbering plan): 0690 12 34 56 is +590 690 12 34 56, not +33.
 */

/** What people put between digits: spaces (incl. no-break ones), dots, dashes, slashes, parentheses. */
const SEPARATORS = /[\s.\-/()\u00a0\u202f]/g;

/** The E.164 shape the database accepts. */
const E164_PATTERN = /^\+[1-9]\d{6,14}$/;

/**
 * National prefixes (trunk 0 + 3 digits) of the overseas departments with their own country
 * code. Réunion and Mayotte share +262.
 */
const OVERSEAS_COUNTRY_CODE_BY_PREFIX: Readonly<Record<string, string>> = {
  '0590': '590',
  '0690': '590',
  '0691': '590',
  '0594': '594',
  '0694': '594',
  '0596': '596',
  '0696': '596',
  '0697': '596',
  '0262': '262',
  '0263': '262',
  '0692': '262',
  '0693': '262',
  '0269': '262',
  '0639': '262',
};

/** A French national number: trunk 0 then 9 digits, the first of them 1–9. */
function convertFrenchNational(digits: string): string | undefined {
  if (!/^0[1-9]\d{8}$/.test(digits)) return undefined;
  const overseasCode = OVERSEAS_COUNTRY_CODE_BY_PREFIX[digits.slice(0, 4)];
  return overseasCode ? `+${overseasCode}${digits.slice(1)}` : `+33${digits.slice(1)}`;
}

/** "+33" followed by the national number, with or without its trunk 0 ("+33 (0)6…", "+33 06…"). */
function convertFrenchInternational(nationalPart: string): string | undefined {
  const withoutTrunk =
    nationalPart.length === 10 && nationalPart.startsWith('0') ? nationalPart.slice(1) : nationalPart;
  return /^[1-9]\d{8}$/.test(withoutTrunk) ? `+33${withoutTrunk}` : undefined;
}

/** A phone number as typed → E.164, or undefined when it cannot be one (never guesses a country). */
export function normalisePhoneNumber(input: string): string | undefined {
  let compact = input.trim().replace(/^tel:/i, '');
  // "+33 (0)6 12…": the bracketed trunk zero is a typographic convention, not a digit to dial.
  compact = compact.replace(/\(\s*0\s*\)/g, '');
  compact = compact.replace(SEPARATORS, '');
  if (compact.startsWith('00')) compact = `+${compact.slice(2)}`;
  if (!/^\+?\d+$/.test(compact)) return undefined;

  if (!compact.startsWith('+')) return convertFrenchNational(compact);
  if (compact.startsWith('+33')) return convertFrenchInternational(compact.slice(3));
  return E164_PATTERN.test(compact) ? compact : undefined;
}

/** Whether a value is already in the E.164 form the database stores. */
export function isE164PhoneNumber(value: string): boolean {
  return E164_PATTERN.test(value);
}

/**
 * E.164 → how a French reader writes it: "06 12 34 56 78" for +33 numbers, "+590 690 12 34 56"
 * for the overseas departments, the raw E.164 for other countries (their grouping varies).
 */
export function formatPhoneNumber(e164: string): string {
  const pairs = (digits: string) => digits.replace(/(\d{2})(?=\d)/g, '$1 ');
  if (/^\+33[1-9]\d{8}$/.test(e164)) return pairs(`0${e164.slice(3)}`);
  const overseas = /^\+(590|594|596|262)(\d{3})(\d{6})$/.exec(e164);
  if (overseas) return `+${overseas[1]} ${overseas[2]} ${pairs(overseas[3] ?? '')}`;
  return e164;
}
