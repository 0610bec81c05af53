/**
 * Merging duplicate contacts or companies into one survivor (the merge screen, CSV import).
 *
 * Rules, per writable field, unless the user picked the record whose value wins:
 * - the survivor's value when it is not empty, else the first non-empty value among the others
 *   (in the order given), so a merge never loses a value nobody chose to drop;
 * - tags: union (survivor's first, case-insensitive), cut at MAX_TAGS (the cut ones are listed);
 * - custom_fields: union of keys, survivor's value first, cut at MAX_CUSTOM_FIELDS (listed);
 * - notes: the distinct non-empty notes joined by a blank line, survivor's first;
 * - consent (contacts): consent_marketing and processing_basis are never combined across
 *   records. They come together from one record: the one chosen for `consent_marketing`, else the
 *   one whose e-mail is kept (a consent is collected for an address), else the survivor. A
 *   merge therefore never invents a marketing consent: it is true only if that record had it.
 * - SIRET (companies) must extend the SIREN: when the kept SIRET belongs to another SIREN, the
 *   first SIRET (survivor first) of the kept SIREN is taken instead, else none. A SIRET chosen
 *   by the user is kept as is and the create/update schema reports the mismatch.
 *
 * The result is a plan: what to write on the survivor and which ids to delete. Applying it
 * goes through the outbox like any other edit (an update + deletes), so it syncs and can fail
 * like them; relinking contacts of merged companies is part of the plan.
 */
import type { Company, CompanyFields } from './company.ts';
import { COMPANY_WRITABLE_FIELDS } from './company.ts';
import type { Contact, ContactFields, CustomFieldValue } from './contact.ts';
import { CONTACT_WRITABLE_FIELDS, MAX_CUSTOM_FIELDS } from './contact.ts';
import { MAX_TAGS } from './fields.ts';

/** For a field, the id of the record whose value the user picked. */
export type MergeChoices<F> = Partial<Record<keyof F, string>>;

export type FieldDifference<K extends string> = {
  readonly field: K;
  /** One entry per record, survivor first. */
  readonly values: readonly { readonly id: string; readonly value: unknown }[];
};

export type MergePlan<F> = {
  readonly survivorId: string;
  /** Every writable field of the merged record. */
  readonly values: F;
  /** Only the fields whose value changes on the survivor (the outbox update). */
  readonly update: Partial<F>;
  /** Fields on which the records disagree, for the side-by-side screen. */
  readonly differences: FieldDifference<Extract<keyof F, string>>[];
  readonly deleteIds: string[];
  /** Tags beyond MAX_TAGS that the union could not keep. */
  readonly droppedTags: string[];
  /** Custom field keys beyond MAX_CUSTOM_FIELDS. */
  readonly droppedCustomFields: string[];
};

const MAX_NOTES_LENGTH = 10_000;

/** Whether a value counts as empty: null, blank text, empty list or object. */
export function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

/** JSON with sorted object keys, so equal values compare equal whatever their key order. */
function toStableJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(toStableJson).join(',')}]`;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${toStableJson(v)}`).join(',')}}`;
}

function copyValue<V>(value: V): V {
  if (Array.isArray(value)) return [...(value as unknown[])] as V;
  if (value !== null && typeof value === 'object') return { ...value };
  return value;
}

type AnyRow = { readonly id: string } & Readonly<Record<string, unknown>>;

/** The first record with a non-empty value of the field, survivor first; else the survivor. */
function pickFilledRow(rows: readonly AnyRow[], field: string): AnyRow {
  const survivor = rows[0] as AnyRow;
  return rows.find((row) => !isEmptyValue(row[field])) ?? survivor;
}

function pickChosenRow(rows: readonly AnyRow[], choice: string | undefined): AnyRow | undefined {
  return choice === undefined ? undefined : rows.find((row) => row.id === choice);
}

function mergeTags(rows: readonly AnyRow[]): { tags: string[]; dropped: string[] } {
  const seen = new Set<string>();
  const all: string[] = [];
  for (const row of rows) {
    for (const tag of (row.tags as readonly string[] | undefined) ?? []) {
      const key = tag.trim().toLocaleLowerCase('fr');
      if (key === '' || seen.has(key)) continue;
      seen.add(key);
      all.push(tag);
    }
  }
  return { tags: all.slice(0, MAX_TAGS), dropped: all.slice(MAX_TAGS) };
}

function mergeCustomFields(rows: readonly AnyRow[]): {
  fields: Record<string, CustomFieldValue>;
  dropped: string[];
} {
  const fields: Record<string, CustomFieldValue> = {};
  const dropped: string[] = [];
  for (const row of rows) {
    const custom = (row.custom_fields as Readonly<Record<string, CustomFieldValue>> | undefined) ?? {};
    for (const [key, value] of Object.entries(custom)) {
      if (key in fields) {
        if (isEmptyValue(fields[key]) && !isEmptyValue(value)) fields[key] = value;
      } else if (Object.keys(fields).length < MAX_CUSTOM_FIELDS) {
        fields[key] = value;
      } else if (!dropped.includes(key)) {
        dropped.push(key);
      }
    }
  }
  return { fields, dropped: dropped.filter((key) => !(key in fields)) };
}

function mergeNotes(rows: readonly AnyRow[]): string | null {
  const notes: string[] = [];
  for (const row of rows) {
    const note = typeof row.notes === 'string' ? row.notes.trim() : '';
    if (note !== '' && !notes.includes(note)) notes.push(note);
  }
  if (notes.length === 0) return null;
  return notes.join('\n\n').slice(0, MAX_NOTES_LENGTH);
}

function listDifferences<K extends string>(rows: readonly AnyRow[], fields: readonly K[]): FieldDifference<K>[] {
  const differences: FieldDifference<K>[] = [];
  for (const field of fields) {
    const values = rows.map((row) => ({ id: row.id, value: row[field] ?? null }));
    const first = toStableJson(values[0]?.value);
    if (values.some((v) => toStableJson(v.value) !== first)) differences.push({ field, values });
  }
  return differences;
}

function listUpdate<F>(survivor: AnyRow, values: F, fields: readonly (keyof F & string)[]): Partial<F> {
  const update: Partial<F> = {};
  for (const field of fields) {
    if (toStableJson(values[field]) !== toStableJson(survivor[field] ?? null)) update[field] = values[field];
  }
  return update;
}

type GenericMerge = {
  values: Record<string, unknown>;
  sources: Record<string, AnyRow>;
  droppedTags: string[];
  droppedCustomFields: string[];
};

/** Shared rules: chosen value, else survivor's when filled, else the first filled; union fields. */
function mergeRows(
  rows: readonly AnyRow[],
  fields: readonly string[],
  choices: Readonly<Record<string, string | undefined>>,
): GenericMerge {
  const values: Record<string, unknown> = {};
  const sources: Record<string, AnyRow> = {};
  let droppedTags: string[] = [];
  let droppedCustomFields: string[] = [];
  for (const field of fields) {
    const chosen = pickChosenRow(rows, choices[field]);
    if (chosen) {
      values[field] = copyValue(chosen[field] ?? null);
      sources[field] = chosen;
    } else if (field === 'tags') {
      const merged = mergeTags(rows);
      values[field] = merged.tags;
      droppedTags = merged.dropped;
    } else if (field === 'custom_fields') {
      const merged = mergeCustomFields(rows);
      values[field] = merged.fields;
      droppedCustomFields = merged.dropped;
    } else if (field === 'notes') {
      values[field] = mergeNotes(rows);
    } else {
      const source = pickFilledRow(rows, field);
      values[field] = copyValue(source[field] ?? null);
      sources[field] = source;
    }
  }
  return { values, sources, droppedTags, droppedCustomFields };
}

function assertMergeable(survivor: AnyRow, others: readonly AnyRow[]): void {
  if (others.some((row) => row.id === survivor.id)) throw new Error('merge: the survivor is among the others');
}

/** Merges contacts into the survivor; never invents a marketing consent (see the module rules). */
export function planContactMerge(
  survivor: Contact,
  others: readonly Contact[],
  choices: MergeChoices<ContactFields> = {},
): MergePlan<ContactFields> {
  assertMergeable(survivor, others);
  const rows = [survivor, ...others] as unknown as AnyRow[];
  const merged = mergeRows(rows, CONTACT_WRITABLE_FIELDS, choices);
  const consentSource =
    pickChosenRow(rows, choices.consent_marketing) ?? pickChosenRow(rows, choices.email) ?? merged.sources.email;
  const source = consentSource ?? (survivor as unknown as AnyRow);
  merged.values.consent_marketing = source.consent_marketing === true;
  if (!choices.processing_basis) merged.values.processing_basis = source.processing_basis;
  const values = merged.values as ContactFields;
  return {
    survivorId: survivor.id,
    values,
    update: listUpdate(survivor as unknown as AnyRow, values, CONTACT_WRITABLE_FIELDS),
    differences: listDifferences(rows, CONTACT_WRITABLE_FIELDS),
    deleteIds: others.map((row) => row.id),
    droppedTags: merged.droppedTags,
    droppedCustomFields: merged.droppedCustomFields,
  };
}

/** Merges companies into the survivor; the kept SIRET always extends the kept SIREN. */
export function planCompanyMerge(
  survivor: Company,
  others: readonly Company[],
  choices: MergeChoices<CompanyFields> = {},
): MergePlan<CompanyFields> {
  assertMergeable(survivor, others);
  const rows = [survivor, ...others] as unknown as AnyRow[];
  const merged = mergeRows(rows, COMPANY_WRITABLE_FIELDS, choices);
  const siren = merged.values.siren as string | null;
  const siret = merged.values.siret as string | null;
  if (siren && siret && !siret.startsWith(siren) && !choices.siret) {
    const matching = rows.find((row) => typeof row.siret === 'string' && row.siret.startsWith(siren));
    merged.values.siret = matching ? matching.siret : null;
  }
  const values = merged.values as CompanyFields;
  return {
    survivorId: survivor.id,
    values,
    update: listUpdate(survivor as unknown as AnyRow, values, COMPANY_WRITABLE_FIELDS),
    differences: listDifferences(rows, COMPANY_WRITABLE_FIELDS),
    deleteIds: others.map((row) => row.id),
    droppedTags: merged.droppedTags,
    droppedCustomFields: merged.droppedCustomFields,
  };
}

/** Contacts of the merged-away companies, re-pointed at the survivor (updates to queue with the merge). */
export function listContactRelinks(
  contacts: Iterable<Pick<Contact, 'id' | 'company_id'>>,
  plan: Pick<MergePlan<CompanyFields>, 'survivorId' | 'deleteIds'>,
): { id: string; company_id: string }[] {
  const merged = new Set(plan.deleteIds);
  const relinks: { id: string; company_id: string }[] = [];
  for (const contact of contacts) {
    if (contact.company_id && merged.has(contact.company_id)) {
      relinks.push({ id: contact.id, company_id: plan.survivorId });
    }
  }
  return relinks;
}
