/**
 * Where each value sits on the certificate, in the coordinates of the official SPECIMEN scan
 * (368 × 664 units for the whole recto including the coupon and the MRZ). The reader rectifies a
 * photo to this frame (× WORK_SCALE) and reads each region as a single line with the field's own
 * character whitelist; the synthetic generator prints its values at the same places.
 */
import type { FieldCode } from './fields.ts';

export const TEMPLATE_WIDTH = 368;
export const TEMPLATE_HEIGHT = 664;
/** The reader works at 4 × the template: ≈ 300 dpi across 125 mm, cap height ≈ 24 px. */
export const WORK_SCALE = 4;
/** Nominal height of a printed value line (cap height plus descenders), in template units. */
export const LINE_HEIGHT = 6;

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';

export const WHITELISTS = {
  plate: `ABCDEFGHJKLMNPQRSTVWXYZ${DIGITS}-`,
  date: `${DIGITS}/`,
  name: `${LETTERS}${DIGITS} -'`,
  address: `${LETTERS}${DIGITS} -',/`,
  text: `${LETTERS}${DIGITS} -.+/`,
  code: `${LETTERS}${DIGITS}`,
  /** Assumed like the VIN: no I, O, Q next to 1, 0 (not confirmed on a large set of real cards). */
  cnit: `ABCDEFGHJKLMNPRSTUVWXYZ${DIGITS}`,
  vin: `ABCDEFGHJKLMNPRSTUVWXYZ${DIGITS}`,
  genre: `${LETTERS}${DIGITS}-`,
  energy: `${LETTERS}2`,
  digits: DIGITS,
  approval: `e${DIGITS}*/`,
  inspection: `ADEILNOSTV${DIGITS}/ `,
  mrz: `${LETTERS}${DIGITS}<`,
} as const;

export type Whitelist = keyof typeof WHITELISTS;

/** A value region: one printed line, from `x0` to `x1`, centred on `cy` (template units). */
export type FieldRegion = {
  readonly code: FieldCode | 'mrz';
  /** Line index for multi-line fields (C.1 surname/first names, C.3 address lines, MRZ lines). */
  readonly part: number;
  readonly x0: number;
  readonly x1: number;
  readonly cy: number;
  readonly whitelist: Whitelist;
  /** The label printed before the value (the generator draws it; the reader never reads labels). */
  readonly label?: { readonly text: string; readonly x: number };
  /** Key regions are always read; extras only when the caller asks for every field. */
  readonly isKey: boolean;
};

const region = (
  code: FieldRegion['code'],
  x0: number,
  x1: number,
  cy: number,
  whitelist: Whitelist,
  label: FieldRegion['label'] | undefined,
  isKey: boolean,
  part = 0,
): FieldRegion => ({ code, part, x0, x1, cy, whitelist, isKey, ...(label ? { label } : {}) });

/** Every region the reader knows, top to bottom. */
export const FIELD_REGIONS: readonly FieldRegion[] = [
  region('A', 30, 96, 38, 'plate', { text: 'A.', x: 17 }, true),
  region('B', 119, 205, 38, 'date', { text: 'B', x: 107 }, true),
  region('C.1', 35, 330, 49.5, 'name', { text: 'C.1', x: 17 }, true, 0),
  region('C.1', 35, 330, 70, 'name', undefined, true, 1),
  region('C.4a', 35, 330, 102, 'text', { text: 'C.4a', x: 17 }, false),
  region('C.3', 36, 330, 138.5, 'address', { text: 'C.3', x: 17 }, true, 0),
  region('C.3', 36, 330, 159.5, 'address', undefined, true, 1),
  region('C.3', 36, 330, 179, 'address', undefined, true, 2),
  region('D.1', 35, 330, 198, 'text', { text: 'D.1', x: 16 }, true),
  region('D.2', 35, 195, 211.5, 'text', { text: 'D.2', x: 16 }, false),
  region('D.2.1', 226, 343, 222.5, 'cnit', { text: 'D.2.1', x: 201 }, true),
  region('D.3', 35, 212, 238, 'text', { text: 'D.3', x: 16 }, true),
  region('E', 232, 346, 238, 'vin', { text: 'E.', x: 220 }, true),
  region('F.1', 35, 95, 248.5, 'digits', { text: 'F.1', x: 16 }, false),
  region('G', 35, 95, 260.5, 'digits', { text: 'G', x: 16 }, false),
  region('J', 35, 95, 271.5, 'code', { text: 'J', x: 16 }, false),
  region('J.1', 116, 176, 271.5, 'genre', { text: 'J.1', x: 98 }, true),
  region('J.3', 259, 345, 271.5, 'text', { text: 'J.3', x: 241 }, false),
  region('K', 35, 240, 281.5, 'approval', { text: 'K', x: 16 }, false),
  region('P.1', 35, 95, 292.5, 'digits', { text: 'P.1', x: 16 }, false),
  region('P.2', 116, 176, 292.5, 'digits', { text: 'P.2', x: 98 }, false),
  region('P.3', 197, 238, 292.5, 'energy', { text: 'P.3', x: 179 }, true),
  region('P.6', 258, 310, 292.5, 'digits', { text: 'P.6', x: 241 }, true),
  region('S.1', 116, 176, 303, 'digits', { text: 'S.1', x: 98 }, false),
  region('V.7', 116, 176, 315.5, 'digits', { text: 'V.7', x: 98 }, false),
  region('X.1', 35, 240, 325.5, 'inspection', { text: 'X.1', x: 16 }, false),
  region('I', 35, 125, 393.5, 'date', { text: 'I', x: 16 }, true),
  region('formula', 21, 125, 543, 'code', undefined, true),
  region('mrz', 12, 340, 635.5, 'mrz', undefined, true, 0),
  region('mrz', 12, 340, 652.5, 'mrz', undefined, true, 1),
];

/** Labels printed without a value region of their own (drawn by the generator for realism). */
export const STATIC_LABELS: readonly { readonly text: string; readonly x: number; readonly cy: number }[] = [
  { text: 'C.4.1', x: 17, cy: 115 },
  { text: 'F.2', x: 98, cy: 248.5 },
  { text: 'F.3', x: 180, cy: 248.5 },
  { text: 'G.1', x: 98, cy: 260.5 },
  { text: 'J.2', x: 179, cy: 271.5 },
  { text: 'Q', x: 16, cy: 303 },
  { text: 'S.2', x: 180, cy: 303 },
  { text: 'U.1', x: 241, cy: 303 },
  { text: 'U.2', x: 16, cy: 315.5 },
  { text: 'V.9', x: 180, cy: 315.5 },
  { text: 'Y.1', x: 16, cy: 336.5 },
  { text: 'Y.2', x: 98, cy: 336.5 },
  { text: 'Y.3', x: 16, cy: 346 },
  { text: 'Y.4', x: 98, cy: 346 },
  { text: 'Y.5', x: 16, cy: 356 },
  { text: 'Y.6', x: 98, cy: 356 },
  { text: 'H', x: 16, cy: 383 },
  { text: 'Z.1', x: 16, cy: 404 },
  { text: 'Z.2', x: 16, cy: 414.5 },
  { text: 'Z.3', x: 16, cy: 426.5 },
  { text: 'Z.4', x: 16, cy: 437 },
];
