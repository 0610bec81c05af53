/**
 * Turns the raw line reads of a certificate into field values with a confidence each: field
 * grammars first, then the MRZ as a second, check-digit-protected read of A, E, B and the formula
 * number, and a weaker cross-check of D.1, D.3 and J.1.
 */
import { computeMrzCheckDigit } from './check-digits.ts';
import { GENRE_CODES, type FieldCode } from './fields.ts';
import { parseMrz, type MrzData } from './mrz.ts';
import {
  buildHolderName,
  computeEditDistance,
  joinAddress,
  normaliseText,
  parseApproval,
  parseCnit,
  parseDate,
  parseDigits,
  parseEnergy,
  parseFormula,
  parseGenre,
  parseInspectionDue,
  parsePlate,
  parseText,
  parseVin,
  type ParsedField,
} from './parse.ts';

/** One line as the recogniser read it; `confidence` is 0–100 like tesseract's. */
export type LineRead = { readonly text: string; readonly confidence: number };

/** Raw reads per field code, one entry per printed line (`mrz` holds the two MRZ lines). */
export type RawReads = Partial<Record<FieldCode | 'mrz', readonly (LineRead | undefined)[]>>;

export type FieldFlag =
  'invalid-format' | 'repaired' | 'low-confidence' | 'mrz-confirmed' | 'mrz-disagrees' | 'from-mrz' | 'warning';

export type CertificateReading = {
  readonly fields: Partial<Record<FieldCode, string>>;
  /** 0–1 per field: OCR confidence × validation, raised by an MRZ confirmation, lowered by a disagreement. */
  readonly confidence: Partial<Record<FieldCode, number>>;
  readonly flags: Partial<Record<FieldCode, readonly FieldFlag[]>>;
  readonly warnings: Partial<Record<FieldCode, readonly string[]>>;
  readonly mrz?: MrzData;
};

/** Below this a review screen highlights the field. */
export const LOW_CONFIDENCE = 0.75;

const STATUS_FACTOR = { valid: 1, repaired: 0.85, invalid: 0.4 } as const;

/** Characters tesseract confuses on this card; two values equal modulo these are "the same read". */
const LOOKALIKE_CLASSES = ['0ODQ', '1ILT', '2Z', '5S', '8B', '6G'];

function foldLookalikes(text: string): string {
  return [...text.replace(/[^A-Z0-9]/g, '')]
    .map((ch) => LOOKALIKE_CLASSES.find((c) => c.includes(ch))?.charAt(0) ?? ch)
    .join('');
}

/**
 * Recogniser confidence as a factor: tesseract reports 0 for many correct whitelisted reads (the
 * forced character was not its first choice), so it only tempers what the grammar says.
 */
function computeOcrFactor(reads: readonly (LineRead | undefined)[]): number {
  const present = reads.filter((r): r is LineRead => r !== undefined && r.text.trim().length > 0);
  if (present.length === 0) return 0;
  const mean = present.reduce((s, r) => s + r.confidence, 0) / present.length / 100;
  return 0.6 + 0.4 * mean;
}

function parseField(code: FieldCode, texts: readonly string[]): ParsedField {
  const first = texts[0] ?? '';
  switch (code) {
    case 'A':
      return parsePlate(first);
    case 'B':
    case 'I':
      return parseDate(first);
    case 'X.1':
      return parseInspectionDue(first);
    case 'C.1':
      return buildHolderName(first, texts[1] ?? '');
    case 'C.3':
      return joinAddress(texts);
    case 'D.2.1':
      return parseCnit(first);
    case 'E':
      return parseVin(first);
    case 'J.1':
      return parseGenre(first);
    case 'P.3':
      return parseEnergy(first);
    case 'P.6':
      return parseDigits(first, 1, 3);
    case 'S.1':
    case 'V.7':
      return parseDigits(first, 1, 3);
    case 'F.1':
    case 'G':
    case 'P.1':
    case 'P.2':
      return parseDigits(first, 2, 5);
    case 'formula':
      return parseFormula(first);
    case 'J':
      return parseText(first, /^[A-Z][0-9][A-Z0-9-]*$/);
    case 'K':
      return parseApproval(first);
    default:
      return parseText(first);
  }
}

type Draft = { value?: string; confidence: number; flags: FieldFlag[]; warnings: readonly string[] };

function applyCheckedMrz(
  draft: Draft | undefined,
  mrzValue: string | undefined,
  isChecked: boolean,
): Draft | undefined {
  if (!isChecked || !mrzValue) return draft;
  if (!draft?.value) return { value: mrzValue, confidence: 0.9, flags: ['from-mrz'], warnings: [] };
  if (draft.value === mrzValue) {
    return { ...draft, confidence: Math.max(draft.confidence, 0.99), flags: [...draft.flags, 'mrz-confirmed'] };
  }
  // Same read modulo look-alikes (e.g. the SPECIMEN's VIN with an I): the check digit settles it.
  if (foldLookalikes(draft.value) === foldLookalikes(mrzValue)) {
    return { value: mrzValue, confidence: 0.97, flags: ['mrz-confirmed', 'repaired'], warnings: draft.warnings };
  }
  return { value: mrzValue, confidence: 0.5, flags: [...draft.flags, 'mrz-disagrees'], warnings: draft.warnings };
}

/** Restores the face's punctuation where the MRZ could only print `<` (MERCEDES<BENZ). */
function mergePunctuation(mrzValue: string, face: string): string {
  if (mrzValue.length !== face.length) return mrzValue;
  return [...mrzValue].map((ch, i) => (ch === ' ' && /[-.'/]/.test(face.charAt(i)) ? face.charAt(i) : ch)).join('');
}

/**
 * D.1, D.3 and J.1 are repeated in the MRZ without a check digit: agreement confirms the face;
 * a near miss (one or two look-alike glyphs, e.g. M/N) is settled in favour of the MRZ's larger
 * type when the MRZ value is not truncated; a real disagreement is flagged for review.
 */
function applySoftMrz(draft: Draft | undefined, mrzValue: string | undefined, width: number): Draft | undefined {
  if (!mrzValue) return draft;
  const face = draft?.value ?? '';
  const faceText = normaliseText(face)
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
  const mrzText = mrzValue.trim();
  const isTruncated = mrzText.length >= width;
  if (draft && faceText.slice(0, width).trim() === mrzText) {
    return { ...draft, confidence: Math.max(draft.confidence, 0.95), flags: [...draft.flags, 'mrz-confirmed'] };
  }
  if (!isTruncated) {
    const distance = computeEditDistance(faceText.replace(/ /g, ''), mrzText.replace(/ /g, ''));
    if (!draft || draft.flags.includes('invalid-format') || distance <= 2) {
      return {
        value: mergePunctuation(mrzText, face),
        confidence: 0.8,
        flags: ['from-mrz', 'mrz-disagrees'],
        warnings: [],
      };
    }
  }
  return draft
    ? { ...draft, confidence: Math.min(draft.confidence, 0.6), flags: [...draft.flags, 'mrz-disagrees'] }
    : draft;
}

/**
 * The MRZ VIN with I, O, Q read as 1, 0, 0 when that reading passes the same check digit: two
 * look-alike swaps can cancel out in a mod-10 sum, and a real VIN never holds those letters. The
 * SPECIMEN's non-ISO VIN (with I) keeps its letters because only that reading passes.
 */
function preferVinAlphabet(vin: string): string {
  const repaired = vin.replace(/I/g, '1').replace(/[OQ]/g, '0');
  return repaired !== vin && computeMrzCheckDigit(repaired) === computeMrzCheckDigit(vin) ? repaired : vin;
}

/** Resolves every field from its raw reads and the MRZ (see the module header for the rules). */
export function resolveReading(raw: RawReads, today: Date = new Date()): CertificateReading {
  const drafts = new Map<FieldCode, Draft>();
  for (const [key, reads] of Object.entries(raw) as [FieldCode | 'mrz', readonly (LineRead | undefined)[]][]) {
    if (key === 'mrz') continue;
    const texts = reads.map((r) => r?.text ?? '');
    if (texts.every((t) => t.trim().length === 0)) continue;
    const parsed = parseField(key, texts);
    if (parsed.value === undefined) continue;
    const flags: FieldFlag[] = [];
    if (parsed.status === 'invalid') flags.push('invalid-format');
    if (parsed.status === 'repaired') flags.push('repaired');
    const hasSoftWarning = parsed.status !== 'invalid' && parsed.warnings.length > 0;
    if (hasSoftWarning) flags.push('warning');
    let confidence = computeOcrFactor(reads) * STATUS_FACTOR[parsed.status];
    if (hasSoftWarning) confidence *= 0.8;
    drafts.set(key, { value: parsed.value, confidence, flags, warnings: parsed.warnings });
  }

  const mrzReads = raw.mrz ?? [];
  const mrz =
    mrzReads[0] && mrzReads[1]
      ? parseMrz(mrzReads[0].text, mrzReads[1].text, today, drafts.get('E')?.value)
      : undefined;
  if (mrz) {
    const set = (code: FieldCode, draft: Draft | undefined): void => {
      if (draft) drafts.set(code, draft);
    };
    set('A', applyCheckedMrz(drafts.get('A'), mrz.plate, mrz.checks.plate));
    set('E', applyCheckedMrz(drafts.get('E'), preferVinAlphabet(mrz.vin), mrz.checks.vin));
    set('B', applyCheckedMrz(drafts.get('B'), mrz.firstRegistration, mrz.checks.firstRegistration));
    set('formula', applyCheckedMrz(drafts.get('formula'), mrz.formula, mrz.checks.formula));
    if (mrz.isAligned.line2) {
      set('D.1', applySoftMrz(drafts.get('D.1'), mrz.make, 14));
      set('D.3', applySoftMrz(drafts.get('D.3'), mrz.model, 13));
    }
    if (mrz.isAligned.line1 && (GENRE_CODES as readonly string[]).includes(mrz.genre)) {
      set('J.1', applySoftMrz(drafts.get('J.1'), mrz.genre, 6));
    }
  }

  const fields: Partial<Record<FieldCode, string>> = {};
  const confidence: Partial<Record<FieldCode, number>> = {};
  const flags: Partial<Record<FieldCode, readonly FieldFlag[]>> = {};
  const warnings: Partial<Record<FieldCode, readonly string[]>> = {};
  for (const [code, draft] of drafts) {
    if (draft.value === undefined) continue;
    fields[code] = draft.value;
    const c = Math.round(Math.min(1, Math.max(0, draft.confidence)) * 100) / 100;
    confidence[code] = c;
    const f =
      c < LOW_CONFIDENCE && !draft.flags.includes('low-confidence')
        ? [...draft.flags, 'low-confidence' as const]
        : draft.flags;
    if (f.length > 0) flags[code] = f;
    if (draft.warnings.length > 0) warnings[code] = draft.warnings;
  }
  return { fields, confidence, flags, warnings, ...(mrz ? { mrz } : {}) };
}
