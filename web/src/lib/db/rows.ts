/**
 * Pure row arithmetic of the engine: what a row looks like once the pending outbox entries are
 * re-applied on top of the server's version (rebase), and the folded words local search scans.
 */
import { COMPANY_DEFAULTS, CONTACT_DEFAULTS } from '@shared/crm/index.ts';
import { foldText, keepDigits, splitWords } from '@shared/crm/normalize.ts';
import type { OutboxEntry, ReplicaTable, ServerRow } from './schema.ts';

const DEFAULTS: Readonly<Record<ReplicaTable, Readonly<Record<string, unknown>>>> = {
  companies: COMPANY_DEFAULTS,
  // Set by the server only; null until then.
  contacts: { ...CONTACT_DEFAULTS, consent_marketing_at: null, last_contacted_at: null },
};

/** The row without the engine's internal `_…` fields: what the server has (or would have). */
export function stripInternalFields(row: Record<string, unknown>): ServerRow {
  const out: Record<string, unknown> = {};
  for (const key in row) if (!key.startsWith('_')) out[key] = row[key];
  return out as ServerRow;
}

/**
 * Replays pending entries, oldest first, on `base` (null: the server has no such row): an insert
 * creates the row with the table's defaults (or re-applies its fields when the server already has
 * it), an update overwrites only its fields and is a no-op on an absent row (the server will say
 * `deleted` or `not_found`), a delete removes it. Returns null when the row does not exist.
 */
export function materializeRow(
  table: ReplicaTable,
  tenantId: string,
  base: ServerRow | null,
  entries: readonly OutboxEntry[],
): ServerRow | null {
  let row: Record<string, unknown> | null = base ? { ...base } : null;
  for (const entry of entries) {
    if (entry.op === 'delete') {
      row = null;
    } else if (entry.op === 'insert') {
      row = row
        ? { ...row, ...entry.fields }
        : {
            ...structuredClone(DEFAULTS[table]),
            ...entry.fields,
            id: entry.rowId,
            tenant_id: tenantId,
            created_at: entry.createdAt,
            updated_at: entry.createdAt,
            deleted_at: null,
          };
    } else if (row) {
      row = { ...row, ...entry.fields, updated_at: maxIso(row['updated_at'], entry.createdAt) };
    }
  }
  return row as ServerRow | null;
}

function maxIso(current: unknown, candidate: string): string {
  return typeof current === 'string' && current > candidate ? current : candidate;
}

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

/**
 * Folded words of a row, space-separated with a leading space, so "prefix of a word" is
 * `text.includes(' ' + token)`: one cheap string scan per row at search time.
 */
export function buildSearchText(table: ReplicaTable, row: Record<string, unknown>): string {
  const words =
    table === 'contacts'
      ? splitSearchWords(joinText([row['first_name'], row['last_name'], row['email'], row['job_title'], row['city']]))
      : splitSearchWords(
          joinText([row['name'], row['email'], row['city'], row['siren'], row['siret'], row['vat_number']]),
        );
  if (table === 'contacts') {
    pushPhone(words, row['phone']);
    pushPhone(words, row['mobile']);
  } else {
    pushPhone(words, row['phone']);
  }
  return words.length === 0 ? '' : ` ${words.join(' ')}`;
}

/** The folded name a result is ranked by ("camille moreau", "garage du centre"). */
export function buildRankName(table: ReplicaTable, row: Record<string, unknown>): string {
  if (table === 'companies') return foldSearchText(String(row['name'] ?? ''));
  const first = typeof row['first_name'] === 'string' ? row['first_name'] : '';
  const last = typeof row['last_name'] === 'string' ? row['last_name'] : '';
  const name = `${first} ${last}`.trim();
  return foldSearchText(name !== '' ? name : String(row['email'] ?? ''));
}

/** The row as stored in the replica table: server columns plus `_search`. */
export function buildStoredRow(table: ReplicaTable, row: ServerRow): ServerRow {
  return { ...row, _search: buildSearchText(table, row) };
}
