/**
 * Check digits used on the certificate: the ICAO 9303 scheme of the machine-readable zone and the
 * ISO 3779 / North American VIN check digit (position 9).
 */

/** Value of one MRZ character: digits as is, A=10…Z=35, `<` (filler) = 0; anything else is invalid. */
function getMrzCharValue(ch: string): number | undefined {
  if (ch === '<') return 0;
  const code = ch.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  return undefined;
}

/** ICAO 9303 check digit (weights 7-3-1, mod 10); undefined when a character is outside `A-Z0-9<`. */
export function computeMrzCheckDigit(text: string): number | undefined {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < text.length; i += 1) {
    const value = getMrzCharValue(text.charAt(i));
    if (value === undefined) return undefined;
    sum += value * (weights[i % 3] ?? 1);
  }
  return sum % 10;
}

const VIN_TRANSLITERATION: Readonly<Record<string, number>> = {
  A: 1,
  B: 2,
  C: 3,
  D: 4,
  E: 5,
  F: 6,
  G: 7,
  H: 8,
  J: 1,
  K: 2,
  L: 3,
  M: 4,
  N: 5,
  P: 7,
  R: 9,
  S: 2,
  T: 3,
  U: 4,
  V: 5,
  W: 6,
  X: 7,
  Y: 8,
  Z: 9,
};
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/** The expected 9th VIN character (`0`–`9` or `X`); undefined unless 17 characters of the VIN alphabet. */
export function computeVinCheckDigit(vin: string): string | undefined {
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(vin)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const ch = vin.charAt(i);
    const value = /\d/.test(ch) ? Number(ch) : (VIN_TRANSLITERATION[ch] ?? 0);
    sum += value * (VIN_WEIGHTS[i] ?? 0);
  }
  const rest = sum % 11;
  return rest === 10 ? 'X' : String(rest);
}
