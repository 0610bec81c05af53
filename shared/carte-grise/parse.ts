/**
 * Field grammars: each parser takes raw OCR text, repairs the usual misreads where the field's
 * alphabet makes the intent certain (a letter where only digits can stand, `EUR0`…), and says
 * whether the result is valid, repaired or invalid. Parsers never throw: a review screen shows
 * whatever was read and highlights what failed.
 */
import { computeVinCheckDigit } from './check-digits.ts';
import { ENERGY_CODES, GENRE_CODES } from './fields.ts';

export type ParseStatus = 'valid' | 'repaired' | 'invalid';

export type ParsedField = {
  /** Normalised value; absent when nothing usable was read. */
  readonly value?: string;
  readonly status: ParseStatus;
  /** Soft findings (e.g. a European VIN whose check digit does not match). */
  readonly warnings: readonly string[];
};

const EMPTY: ParsedField = { status: 'invalid', warnings: [] };

/** Letters read where a digit must stand. */
const TO_DIGIT: Readonly<Record<string, string>> = {
  O: '0',
  D: '0',
  Q: '0',
  U: '0',
  I: '1',
  L: '1',
  J: '1',
  T: '7',
  Z: '2',
  S: '5',
  B: '8',
  G: '6',
  A: '4',
};

/** Digits read where a letter must stand. */
const TO_LETTER: Readonly<Record<string, string>> = {
  '0': 'O',
  '1': 'I',
  '2': 'Z',
  '4': 'A',
  '5': 'S',
  '6': 'G',
  '7': 'T',
  '8': 'B',
};

/** SIV plates never use I, O, U: the nearest letters that can stand there. */
const SIV_LETTER_FIX: Readonly<Record<string, string>> = { I: 'T', O: 'D', U: 'V', '0': 'D', '1': 'T' };

/** Upper-cases, drops accents and collapses whitespace (values are printed this way on the card). */
export function normaliseText(raw: string): string {
  return raw
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[‐‑‒–—]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

function toDigitAt(ch: string): string {
  return /\d/.test(ch) ? ch : (TO_DIGIT[ch] ?? ch);
}

function toLetterAt(ch: string): string {
  return /[A-Z]/.test(ch) ? ch : (TO_LETTER[ch] ?? ch);
}

/** Applies a pattern of `L` (letter) and `D` (digit) positions to a compact string. */
export function coerceToPattern(compact: string, pattern: string): string {
  let out = '';
  for (let i = 0; i < compact.length; i += 1) {
    const ch = compact.charAt(i);
    const kind = pattern.charAt(i);
    out += kind === 'D' ? toDigitAt(ch) : kind === 'L' ? toLetterAt(ch) : ch;
  }
  return out;
}

const SIV_RE = /^[A-HJ-NP-TV-Z]{2}\d{3}[A-HJ-NP-TV-Z]{2}$/;

/** True when a compact SIV plate (`AB123CD`) respects the allocation rules (no SS, WW only temporary, no 000). */
export function isValidSivPlate(compact: string): boolean {
  if (!SIV_RE.test(compact)) return false;
  if (compact.slice(2, 5) === '000') return false;
  if (compact.startsWith('SS') || compact.endsWith('SS')) return false;
  return true;
}

/** Formats a compact SIV plate with hyphens: `AB123CD` → `AB-123-CD`. */
export function formatSivPlate(compact: string): string {
  return `${compact.slice(0, 2)}-${compact.slice(2, 5)}-${compact.slice(5, 7)}`;
}

const FNI_RE = /^(\d{1,4})([A-Z]{1,3})(\d{2}|2A|2B|97[1-6])$/;

/** Parses field A: SIV `AB-123-CD` (letters/digits repaired by position) or old FNI `123 ABC 45`. */
export function parsePlate(raw: string): ParsedField {
  const compact = normaliseText(raw).replace(/[^A-Z0-9]/g, '');
  if (compact.length === 0) return EMPTY;
  if (isValidSivPlate(compact)) return { value: formatSivPlate(compact), status: 'valid', warnings: [] };
  const fni = FNI_RE.exec(compact);
  if (fni) return { value: `${fni[1]} ${fni[2]} ${fni[3]}`, status: 'valid', warnings: [] };
  if (compact.length === 7) {
    const coerced = coerceToPattern(compact, 'LLDDDLL');
    const fixed = [...coerced].map((ch, i) => (i < 2 || i > 4 ? (SIV_LETTER_FIX[ch] ?? ch) : ch)).join('');
    // More than two look-alike swaps is a different plate, not a misread.
    const changes = [...fixed].filter((ch, i) => ch !== compact.charAt(i)).length;
    if (changes <= 2 && isValidSivPlate(fixed))
      return { value: formatSivPlate(fixed), status: 'repaired', warnings: [] };
  }
  return { value: compact, status: 'invalid', warnings: ['plate-format'] };
}

/** True when `yyyy-mm-dd` is a real calendar day. */
function isCalendarDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= last;
}

/** Parses a printed `dd/mm/yyyy` date (B, I, X.1) into ISO `yyyy-mm-dd`; letters read as digits are repaired. */
export function parseDate(raw: string): ParsedField {
  const text = normaliseText(raw);
  const match = /(\S{1,2})\s*[/.-]\s*(\S{1,2})\s*[/.-]\s*(\S{4})/.exec(text);
  let digits: string;
  if (match) {
    digits = [match[1] ?? '', match[2] ?? '', match[3] ?? '']
      .map((part, i) =>
        [...part]
          .map(toDigitAt)
          .join('')
          .padStart(i < 2 ? 2 : 4, '0'),
      )
      .join('');
  } else {
    digits = [...text.replace(/[^A-Z0-9]/g, '')].map(toDigitAt).join('');
  }
  if (!/^\d{8}$/.test(digits)) return { status: 'invalid', warnings: ['date-format'] };
  const cleanText = text.replace(/\s/g, '');
  const isExact = /^\d{2}\/\d{2}\/\d{4}$/.test(cleanText) || /^\d{8}$/.test(cleanText);
  if (isPlausibleDate(digits))
    return { value: toIsoDate(digits), status: isExact ? 'valid' : 'repaired', warnings: [] };
  // One digit misread as a look-alike (0 read as 6, 8 or 9 is the usual one): keep a unique fix.
  const fixes = new Set<string>();
  for (let i = 0; i < 8; i += 1) {
    for (const alt of DATE_LOOKALIKES[digits.charAt(i)] ?? '') {
      const candidate = digits.slice(0, i) + alt + digits.slice(i + 1);
      if (isPlausibleDate(candidate)) fixes.add(candidate);
    }
  }
  const only = fixes.size === 1 ? [...fixes][0] : undefined;
  return only
    ? { value: toIsoDate(only), status: 'repaired', warnings: [] }
    : { status: 'invalid', warnings: ['date-calendar'] };
}

const DATE_LOOKALIKES: Readonly<Record<string, string>> = {
  '6': '0',
  '8': '03',
  '9': '0',
  '0': '86',
  '5': '6',
  '3': '8',
};

/** A `ddmmyyyy` string that is a real day between 1900 and 2099. */
function isPlausibleDate(digits: string): boolean {
  const year = Number(digits.slice(4, 8));
  return year >= 1900 && year <= 2099 && isCalendarDay(year, Number(digits.slice(2, 4)), Number(digits.slice(0, 2)));
}

function toIsoDate(digits: string): string {
  return `${digits.slice(4, 8)}-${digits.slice(2, 4)}-${digits.slice(0, 2)}`;
}

/** Parses X.1 (`VISITE AVANT LE dd/mm/yyyy`) into the ISO due date of the next roadworthiness test. */
export function parseInspectionDue(raw: string): ParsedField {
  const text = normaliseText(raw);
  const tail = /(\S{2}\s*\/\s*\S{2}\s*\/\s*\S{4})\s*$/.exec(text);
  return parseDate(tail?.[1] ?? text);
}

export type VinCheck = 'pass' | 'fail' | 'not-applicable';

/** Verdict on a VIN's 9th character; a failure only matters for North American VINs (WMI 1–5). */
export function checkVin(vin: string): { readonly check: VinCheck; readonly isNorthAmerican: boolean } {
  const expected = computeVinCheckDigit(vin);
  const isNorthAmerican = /^[1-5]/.test(vin);
  if (expected === undefined) return { check: 'not-applicable', isNorthAmerican };
  return { check: vin.charAt(8) === expected ? 'pass' : 'fail', isNorthAmerican };
}

/**
 * Parses E (VIN). The VIN alphabet has no I, O, Q, so those are repaired to 1, 0, 0 — unless
 * `keepLetters` (when the MRZ confirmed a non-ISO identifier such as the SPECIMEN's).
 */
export function parseVin(raw: string, options: { readonly keepLetters?: boolean } = {}): ParsedField {
  const compact = normaliseText(raw).replace(/[^A-Z0-9]/g, '');
  if (compact.length === 0) return EMPTY;
  const repaired = options.keepLetters ? compact : compact.replace(/I/g, '1').replace(/[OQ]/g, '0');
  const warnings: string[] = [];
  if (repaired.length !== 17) {
    // Pre-1981 serials are shorter: keep them, flagged for confirmation.
    return { value: repaired, status: 'invalid', warnings: ['vin-length'] };
  }
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(repaired)) {
    return { value: repaired, status: 'invalid', warnings: ['vin-alphabet'] };
  }
  const { check, isNorthAmerican } = checkVin(repaired);
  if (check === 'fail') {
    if (isNorthAmerican) return { value: repaired, status: 'invalid', warnings: ['vin-check-digit'] };
    warnings.push('vin-check-digit');
  }
  return { value: repaired, status: repaired === compact ? 'valid' : 'repaired', warnings };
}

/** Parses a field of digits only (P.6, F.1, S.1…): letters that look like digits are repaired. */
export function parseDigits(raw: string, minLength = 1, maxLength = 6): ParsedField {
  const compact = normaliseText(raw).replace(/[^A-Z0-9]/g, '');
  if (compact.length === 0) return EMPTY;
  const digits = [...compact].map(toDigitAt).join('');
  if (!/^\d+$/.test(digits) || digits.length < minLength || digits.length > maxLength) {
    return { value: digits, status: 'invalid', warnings: ['digits-format'] };
  }
  const value = digits.replace(/^0+(?=\d)/, '');
  return { value, status: digits === compact ? 'valid' : 'repaired', warnings: [] };
}

/** Levenshtein distance; fields are short so the quadratic table is fine. */
export function computeEditDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const current = row[j] ?? 0;
      const cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
      row[j] = Math.min(current + 1, (row[j - 1] ?? 0) + 1, previous + cost);
      previous = current;
    }
  }
  return row[b.length] ?? 0;
}

/** Maps OCR text to the one enum value it can only be (exact, then digit/letter repair, then distance 1). */
function parseEnum(raw: string, values: readonly string[]): ParsedField {
  const compact = normaliseText(raw).replace(/[^A-Z0-9-]/g, '');
  if (compact.length === 0) return EMPTY;
  if (values.includes(compact)) return { value: compact, status: 'valid', warnings: [] };
  const lettered = [...compact].map((ch) => (ch === '2' ? ch : toLetterAt(ch))).join('');
  if (values.includes(lettered)) return { value: lettered, status: 'repaired', warnings: [] };
  const near = values.filter((v) => computeEditDistance(v, lettered) === 1);
  if (near.length === 1 && near[0] !== undefined) return { value: near[0], status: 'repaired', warnings: [] };
  return { value: compact, status: 'invalid', warnings: ['enum'] };
}

/** Parses P.3 (energy) against the official code list (`G0` → `GO`). */
export function parseEnergy(raw: string): ParsedField {
  return parseEnum(raw, ENERGY_CODES);
}

/** Parses J.1 (national genre) against the official list (`VF` → `VP` only when unambiguous). */
export function parseGenre(raw: string): ParsedField {
  return parseEnum(raw, GENRE_CODES);
}

/** Parses a free upper-case text field (D.1, D.2, D.3, C.4a…): accents dropped, stray symbols removed. */
export function parseText(raw: string, pattern: RegExp = /^[A-Z0-9 '&.\-/+*,]{1,60}$/): ParsedField {
  const text = normaliseText(raw)
    .replace(/[^A-Z0-9 '&.\-/+*,]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length === 0) return EMPTY;
  return pattern.test(text)
    ? { value: text, status: 'valid', warnings: [] }
    : { value: text, status: 'invalid', warnings: ['text-format'] };
}

/**
 * Parses D.2.1 (CNIT): 12 characters since 1998, 15 on recent cards; spaces read inside are
 * dropped. I, O, Q are read as 1, 0, 0 — an assumption (like the VIN alphabet) that a larger set
 * of real cards should confirm.
 */
export function parseCnit(raw: string): ParsedField {
  const read = normaliseText(raw).replace(/[^A-Z0-9]/g, '');
  if (read.length === 0) return EMPTY;
  const compact = read.replace(/I/g, '1').replace(/[OQ]/g, '0');
  const status = compact === read ? 'valid' : 'repaired';
  return /^[A-Z0-9]{12}([A-Z0-9]{3})?$/.test(compact)
    ? { value: compact, status, warnings: [] }
    : { value: compact, status: 'invalid', warnings: ['cnit-format'] };
}

/** Parses the formula number `2009AS05284` (year, two letters, five digits), repaired by position. */
export function parseFormula(raw: string): ParsedField {
  const compact = normaliseText(raw).replace(/[^A-Z0-9]/g, '');
  if (compact.length === 0) return EMPTY;
  const coerced = compact.length === 11 ? coerceToPattern(compact, 'DDDDLLDDDDD') : compact;
  if (/^\d{4}[A-Z]{2}\d{5}$/.test(coerced)) {
    return { value: coerced, status: coerced === compact ? 'valid' : 'repaired', warnings: [] };
  }
  return { value: compact, status: 'invalid', warnings: ['formula-format'] };
}

/** Normalises the Euro norm of V.9: tesseract reads `EURO` as `EUR0`. */
export function repairEuroNorm(raw: string): string {
  return normaliseText(raw).replace(/\s/g, '').replace(/EUR0/g, 'EURO');
}

/** Builds C.1 surname first: `DUPONT` + `YVES` → `DUPONT YVES` (a company name has no second line). */
export function buildHolderName(surnameLine: string, firstNameLine = ''): ParsedField {
  const clean = (s: string): string =>
    normaliseText(s)
      .replace(/[^A-Z0-9 '&.\-/]/g, '')
      .replace(/\s*([-'])\s*/g, '$1')
      .replace(/\s+/g, ' ')
      .trim();
  const name = [clean(surnameLine), clean(firstNameLine)].filter((p) => p.length > 0).join(' ');
  if (name.length === 0) return EMPTY;
  return /^[A-Z0-9 '&.\-/]{2,}$/.test(name)
    ? { value: name, status: 'valid', warnings: [] }
    : { value: name, status: 'invalid', warnings: ['name-format'] };
}

/** Joins the C.3 address lines with ", " (the API shape); a French address needs a 5-digit postcode. */
export function joinAddress(lines: readonly string[]): ParsedField {
  const parts = lines
    .map((l) =>
      normaliseText(l)
        .replace(/[^A-Z0-9 '\-/,.]/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((l) => l.length > 0);
  if (parts.length === 0) return EMPTY;
  const value = parts.join(', ');
  return /\b\d{5}\b/.test(value)
    ? { value, status: 'valid', warnings: [] }
    : { value, status: 'invalid', warnings: ['address-postcode'] };
}

/** Parses K (EC type-approval number, `e2*2001/116*0317*02`): the leading `e` stays lower case. */
export function parseApproval(raw: string): ParsedField {
  const text = raw.replace(/\s+/g, '').replace(/^[E3]/, 'e');
  if (text.length === 0) return EMPTY;
  return /^e\d{1,2}\*\d{2,4}\/\d{1,4}(\*\d{2,4}\/\d{1,4})?\*\d{1,5}\*\d{1,2}$/.test(text)
    ? { value: text, status: 'valid', warnings: [] }
    : { value: text, status: 'invalid', warnings: ['approval-format'] };
}
