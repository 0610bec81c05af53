/**
 * The folded words local search scans for companies and contacts (the registry's search text of
 * those tables): space-separated with a leading space, so "prefix of a word" is
 * `text.includes(' ' + token)`, one cheap string scan per row at search time. Computed once per
 * row when it is stored (initial sync: 100,000 contacts), hence the ASCII fast paths.
 */
import { foldText, keepDigits, splitWords } from '../crm/normalize.ts';

/**
 * splitWords (shared/crm/normalize.ts) with a fast path: ASCII text needs no Unicode
 * normalisation, and the initial sync folds every row (100,000 contacts), so it matters.
 */
export function splitSearchWords(text: string): string[] {
  const lower = text.toLowerCase();
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(lower)) return splitWords(lower);
  return lower.split(/[^a-z0-9]+/).filter((word) => word !== '');
}

/** foldText with the same ASCII fast path (rank names are folded for every row at load). */
export function foldSearchText(text: string): string {
  const lower = text.toLowerCase();
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(lower)) return foldText(lower);
  return lower.replace(/[^a-z0-9@.+]+/g, ' ').trim();
}

function joinText(values: readonly unknown[]): string {
  let out = '';
  for (const value of values) if (typeof value === 'string' && value !== '') out += ` ${value}`;
  return out;
}

/** "+33612345678" → 33612345678, 612345678 and the national 0612345678, so any typing finds it. */
function pushPhone(words: string[], value: unknown): void {
  if (typeof value !== 'string' || value === '') return;
  const digits = keepDigits(value);
  if (digits === '') return;
  words.push(digits);
  if (value.startsWith('+33') && digits.length > 2) {
    words.push(digits.slice(2), `0${digits.slice(2)}`);
  } else if (value.startsWith('+')) {
    // Other countries: the number without its 1–3 digit country code is what people type locally.
    words.push(digits.slice(2));
  }
}

/** " word word…" (leading space), or '' for no words. */
function joinWords(words: string[]): string {
  return words.length === 0 ? '' : ` ${words.join(' ')}`;
}

export function buildContactSearchText(row: Record<string, unknown>): string {
  const words = splitSearchWords(
    joinText([row['first_name'], row['last_name'], row['email'], row['job_title'], row['city']]),
  );
  pushPhone(words, row['phone']);
  pushPhone(words, row['mobile']);
  return joinWords(words);
}

export function buildCompanySearchText(row: Record<string, unknown>): string {
  const words = splitSearchWords(
    joinText([row['name'], row['email'], row['city'], row['siren'], row['siret'], row['vat_number']]),
  );
  pushPhone(words, row['phone']);
  return joinWords(words);
}

/** "camille moreau", else the e-mail: the folded name a contact is ranked by. */
export function buildContactRankName(row: Record<string, unknown>): string {
  const first = typeof row['first_name'] === 'string' ? row['first_name'] : '';
  const last = typeof row['last_name'] === 'string' ? row['last_name'] : '';
  const name = `${first} ${last}`.trim();
  return foldSearchText(name !== '' ? name : String(row['email'] ?? ''));
}

/** "garage du centre": the folded name a company is ranked by. */
export function buildCompanyRankName(row: Record<string, unknown>): string {
  return foldSearchText(String(row['name'] ?? ''));
}
