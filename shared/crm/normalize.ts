/**
 * Text folding shared by local search, duplicate detection and CSV import: French users type
 * "Hélène", "helene" and "HELENE" for the same person, and "Œuvre" as "oeuvre".
 */

const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss' };

/** Lower case, accents and ligatures removed, punctuation turned into single spaces, trimmed. */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[œæß]/g, (c) => LIGATURES[c] ?? c)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}@.+]+/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

/** Words of a folded text (e-mail addresses split on "@" and "." as well, so "dupont" finds "j.dupont@x.fr"). */
export function splitWords(text: string): string[] {
  return foldText(text)
    .split(/[\s@.+]+/)
    .filter((w) => w !== '');
}

/** Only the digits of a value ("06 12 34 56 78" → "0612345678"). */
export function keepDigits(text: string): string {
  return text.replace(/\D+/g, '');
}
