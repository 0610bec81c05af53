/**
 * The two-line machine-readable zone at the bottom of the certificate (44 characters per line,
 * `<` filler, ICAO 9303 check digits). Layout decoded from the official SPECIMEN:
 *   line 1: `CR` `FRA` plate(7) cd VIN(17) cd B-as-YYMMDD(6) cd J.1 padded to 44
 *   line 2: J.3(2) `<<` D.1(14) D.3(13) formula(11) cd composite
 * The composite (last character of line 2) covers line1[5..37] + line2[31..42]; it is reported
 * but not required because only one real sample was available to decode it.
 */
import { computeMrzCheckDigit } from './check-digits.ts';
import { coerceToPattern, computeEditDistance, formatSivPlate, isValidSivPlate } from './parse.ts';

export const MRZ_LINE_LENGTH = 44;

export type MrzChecks = {
  readonly plate: boolean;
  readonly vin: boolean;
  readonly firstRegistration: boolean;
  readonly formula: boolean;
  readonly composite: boolean;
};

export type MrzData = {
  readonly line1: string;
  readonly line2: string;
  /** Field A with hyphens (SIV) or as read. */
  readonly plate: string;
  readonly vin: string;
  /** Field B as ISO `yyyy-mm-dd`, when the YYMMDD is a real day. */
  readonly firstRegistration?: string;
  readonly genre: string;
  readonly bodywork: string;
  readonly make: string;
  readonly model: string;
  readonly formula: string;
  readonly checks: MrzChecks;
  /** Whether each line had exactly 44 characters (unchecked fields are trusted only then). */
  readonly isAligned: { readonly line1: boolean; readonly line2: boolean };
};

export type MrzFields = {
  readonly plate: string;
  readonly vin: string;
  /** ISO date. */
  readonly firstRegistration: string;
  readonly genre: string;
  readonly bodywork: string;
  readonly make: string;
  readonly model: string;
  readonly formula: string;
};

function toMrzText(value: string, length: number): string {
  const text = value
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '<')
    .slice(0, length);
  return text.padEnd(length, '<');
}

function digitOf(text: string): string {
  return String(computeMrzCheckDigit(text) ?? 0);
}

/** Builds the two MRZ lines for a certificate (used by the synthetic generator and tests). */
export function buildMrz(fields: MrzFields): [string, string] {
  const plate = toMrzText(fields.plate.replace(/[^A-Z0-9]/gi, ''), 7);
  const vin = toMrzText(fields.vin, 17);
  const [y, m, d] = fields.firstRegistration.split('-');
  const date = `${(y ?? '').slice(2)}${m ?? ''}${d ?? ''}`;
  const line1 = `CRFRA${plate}${digitOf(plate)}${vin}${digitOf(vin)}${date}${digitOf(date)}${toMrzText(fields.genre, 6)}`;
  const formula = toMrzText(fields.formula, 11);
  const head = `${toMrzText(fields.bodywork, 2)}<<${toMrzText(fields.make, 14)}${toMrzText(fields.model, 13)}${formula}${digitOf(formula)}`;
  const composite = digitOf(`${line1.slice(5, 38)}${head.slice(31, 43)}`);
  return [line1, `${head}${composite}`];
}

/** Removes OCR noise from a read MRZ line: spaces, look-alikes of `<`, lower case. */
export function cleanMrzLine(raw: string): string {
  return raw
    .toUpperCase()
    .replace(/[«‹([{]/g, '<')
    .replace(/\s+/g, '')
    .replace(/[^A-Z0-9<]/g, '');
}

function untrail(text: string): string {
  return text.replace(/<+$/, '').replace(/</g, ' ');
}

/** ISO date from YYMMDD: the century is the one that does not put the date in the future. */
export function expandMrzDate(yymmdd: string, today: Date = new Date()): string | undefined {
  if (!/^\d{6}$/.test(yymmdd)) return undefined;
  const yy = Number(yymmdd.slice(0, 2));
  const month = Number(yymmdd.slice(2, 4));
  const day = Number(yymmdd.slice(4, 6));
  const century = yy > today.getUTCFullYear() % 100 ? 1900 : 2000;
  const year = century + yy;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > last) return undefined;
  return `${year}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
}

/**
 * Repairs a field so that its check digit passes by changing at most one position to a look-alike
 * allowed by `pattern` (`D` digits only, `L` letters only, `X` either). Only a unique fix is kept:
 * a single mod-10 digit lets one in ten random corruptions through, so guessing is not allowed.
 */
function repairWithCheckDigit(value: string, digit: string, pattern: string): string | undefined {
  const LOOKALIKES: Readonly<Record<string, string>> = {
    '0': 'OD',
    O: '0D',
    D: '0O',
    '1': 'IL',
    I: '1',
    L: '1',
    '2': 'Z',
    Z: '2',
    '5': 'S',
    S: '5',
    '8': 'B',
    B: '8',
    '6': 'G',
    G: '6',
    '<': 'K',
    K: '<',
    '4': 'A',
    A: '4',
  };
  const expected = Number(digit);
  const fixes = new Set<string>();
  for (let i = 0; i < value.length; i += 1) {
    for (const alt of LOOKALIKES[value.charAt(i)] ?? '') {
      const kind = pattern.charAt(i);
      if (kind === 'D' && !/\d/.test(alt)) continue;
      if (kind === 'L' && !/[A-Z]/.test(alt)) continue;
      const candidate = value.slice(0, i) + alt + value.slice(i + 1);
      if (computeMrzCheckDigit(candidate) === expected) fixes.add(candidate);
    }
  }
  return fixes.size === 1 ? [...fixes][0] : undefined;
}

function checkField(raw: string, digitChar: string, pattern: string, canRepair = true): { value: string; ok: boolean } {
  const coerced = coerceToPattern(raw, pattern);
  const digit = coerceToPattern(digitChar, 'D');
  if (!/^\d$/.test(digit)) return { value: coerced, ok: false };
  if (computeMrzCheckDigit(coerced) === Number(digit)) return { value: coerced, ok: true };
  if (!canRepair) return { value: coerced, ok: false };
  const fixed = repairWithCheckDigit(coerced, digit, pattern);
  return fixed ? { value: fixed, ok: true } : { value: coerced, ok: false };
}

function parseAligned(line1: string, line2: string, isLine2Aligned: boolean, today: Date, canRepair = true): MrzData {
  const l1 = line1.slice(0, MRZ_LINE_LENGTH).padEnd(MRZ_LINE_LENGTH, '<');
  // Line 2 read with a glyph too many or too few: its end (formula, check, composite) still sits
  // at the right edge, while the unchecked make and model are no longer trusted.
  const l2 = isLine2Aligned ? line2 : `${line2.slice(0, 31).padEnd(31, '<')}${line2.slice(-13)}`;
  const isSivShape = /^[A-Z0-9]{7}$/.test(l1.slice(5, 12));
  const plate = checkField(l1.slice(5, 12), l1.charAt(12), isSivShape ? 'LLDDDLL' : 'XXXXXXX', canRepair);
  const vin = checkField(l1.slice(13, 30), l1.charAt(30), 'XXXXXXXXXXXXXXXXX', canRepair);
  const date = checkField(l1.slice(31, 37), l1.charAt(37), 'DDDDDD', canRepair);
  const formula = checkField(l2.slice(31, 42), l2.charAt(42), 'DDDDLLDDDDD');
  const digitAt = (i: number): string => coerceToPattern(l1.charAt(i), 'D');
  const repairedLine1 = `CRFRA${plate.value}${digitAt(12)}${vin.value}${digitAt(30)}${date.value}${digitAt(37)}${l1.slice(38)}`;
  const compositeDigit = coerceToPattern(l2.charAt(43), 'D');
  const composite = computeMrzCheckDigit(`${repairedLine1.slice(5, 38)}${formula.value}${l2.charAt(42)}`);
  const firstRegistration = date.ok ? expandMrzDate(date.value, today) : undefined;
  const plateValue = isValidSivPlate(plate.value) ? formatSivPlate(plate.value) : untrail(plate.value);
  return {
    line1: repairedLine1,
    line2: l2,
    plate: plateValue,
    vin: vin.value,
    ...(firstRegistration ? { firstRegistration } : {}),
    genre: untrail(l1.slice(38)).replace(/ /g, '-'),
    bodywork: untrail(l2.slice(0, 2)),
    make: untrail(l2.slice(4, 18)).trim(),
    model: untrail(l2.slice(18, 31)).trim(),
    formula: formula.value,
    checks: {
      plate: plate.ok,
      vin: vin.ok,
      firstRegistration: date.ok && firstRegistration !== undefined,
      formula: formula.ok,
      composite: composite === Number(compositeDigit),
    },
    isAligned: { line1: true, line2: isLine2Aligned },
  };
}

const passesLine1 = (m: MrzData): boolean => m.checks.plate && m.checks.vin && m.checks.firstRegistration;

const GENRE_RE = /^[A-Z]{1,5}[12]?(<[A-Z]{1,4})?$/;

/** Where the genre starts in line 1 (38 when aligned): the letters before the trailing `<` filler. */
function findGenreStart(line1: string): number {
  const body = line1.replace(/<+$/, '');
  if (GENRE_RE.test(body.slice(38))) return 38;
  const match = /[A-Z]{1,5}[12]?(<[A-Z]{1,4})?$/.exec(body);
  return match ? match.index : body.length;
}

/**
 * Parses the two MRZ lines (already split). Letters and digits are coerced where the layout fixes
 * the kind, and each field is accepted only if its check digit passes. Line 1 is aligned on its
 * genre: with one glyph too many before it, the line is realigned only if exactly one deletion
 * makes all three of its checks pass and agrees with the face VIN (one glyph apart at most); otherwise none of its checks is trusted (a check digit read
 * at a shifted place passes by chance one time in ten). Undefined when the lines are not a
 * certificate MRZ.
 */
export function parseMrz(
  rawLine1: string,
  rawLine2: string,
  today: Date = new Date(),
  /** The face's VIN: a line 1 with one glyph too many is realigned only to agree with it. */
  faceVin?: string,
): MrzData | undefined {
  let line1 = cleanMrzLine(rawLine1);
  const line2 = cleanMrzLine(rawLine2);
  const start = line1.search(/[CG][RP]FRA|FRA/);
  if (start > 0) line1 = line1.slice(line1.indexOf('FRA') - 2);
  if (line1.length < 40 || line2.length < 42) return undefined;
  line1 = `CRFRA${line1.slice(5)}`;
  const genreStart = findGenreStart(line1);
  const genre = line1.slice(genreStart).replace(/<+$/, '');
  const isLine2Aligned = line2.length === MRZ_LINE_LENGTH;
  const rebuild = (core: string): string => `${core}${genre}`.padEnd(MRZ_LINE_LENGTH, '<');
  const core = line1.slice(0, genreStart);
  if (core.length === 38) return parseAligned(rebuild(core), line2, isLine2Aligned, today);
  if (core.length === 39) {
    // Exact checks only here: with look-alike repairs, many deletions would "pass".
    const realigned = new Set<string>();
    for (let i = 5; i < 39; i += 1) {
      const line = rebuild(core.slice(0, i) + core.slice(i + 1));
      if (passesLine1(parseAligned(line, line2, isLine2Aligned, today, false))) realigned.add(line);
    }
    // About one wrong deletion in ten passes by chance, and a VIN has 17 places to delete from:
    // only the realignment that agrees with the VIN printed on the face (within one glyph) is kept.
    const matching = faceVin ? [...realigned].filter((l) => computeEditDistance(l.slice(13, 30), faceVin) <= 1) : [];
    const only = matching.length === 1 ? matching[0] : undefined;
    if (only) return parseAligned(only, line2, isLine2Aligned, today);
  }
  const parsed = parseAligned(line1, line2, isLine2Aligned, today);
  return {
    ...parsed,
    checks: { ...parsed.checks, plate: false, vin: false, firstRegistration: false, composite: false },
    isAligned: { line1: false, line2: isLine2Aligned },
  };
}

/** Splits a block of OCR text into the two MRZ lines (the two longest lines with `<`). */
export function findMrzLines(text: string): [string, string] | undefined {
  const lines = text
    .split('\n')
    .map(cleanMrzLine)
    .filter((l) => l.length >= 30);
  const i1 = lines.findIndex((l) => /FRA/.test(l.slice(0, 8)));
  if (i1 >= 0 && lines[i1 + 1] !== undefined) return [lines[i1] ?? '', lines[i1 + 1] ?? ''];
  if (lines.length >= 2) return [lines[lines.length - 2] ?? '', lines[lines.length - 1] ?? ''];
  return undefined;
}
