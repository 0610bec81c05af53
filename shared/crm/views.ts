/**
 * Saved views of the contacts list: a filter + sort that is stored (serializeView / parseView)
 * and carried in the URL (buildViewSearchParams / parseViewSearchParams), and applied to the
 * replica's rows in memory (applyContactView).
 *
 * Search is accent- and case-insensitive and by word prefix ("hel dup" finds "Hélène Dupont"),
 * over names, e-mail, job title, company name; digits search phones ("06 12" and "+33 6 12" find
 * +33612345678). Date bounds are calendar days in the user's time zone, both ends included.
 * A stale or hand-edited view never breaks the list: invalid parts are dropped when parsing.
 */
import { z } from 'zod';
import type { Company } from './company.ts';
import type { Contact } from './contact.ts';
import { MAX_TAG_LENGTH, MAX_TAGS } from './fields.ts';
import { foldText, keepDigits, splitWords } from './normalize.ts';

export const CONTACT_SORT_FIELDS = [
  'name',
  'company',
  'email',
  'created_at',
  'updated_at',
  'last_contacted_at',
] as const;
export type ContactSortField = (typeof CONTACT_SORT_FIELDS)[number];

/** Owner filter value meaning "no owner". */
export const NO_OWNER = 'none';

const calendarDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);
const DEFAULT_SORT = { field: 'name', dir: 'asc' } as const;

export const viewFilterSchema = z.object({
  query: z.string().max(200).optional().catch(undefined),
  tags: z.array(z.string().min(1).max(MAX_TAG_LENGTH)).max(MAX_TAGS).optional().catch(undefined),
  /** 'any' (default): a row with one of the tags; 'all': rows with every tag. */
  tagsMode: z.enum(['any', 'all']).optional().catch(undefined),
  ownerIds: z
    .array(z.union([z.string().uuid(), z.literal(NO_OWNER)]))
    .max(100)
    .optional()
    .catch(undefined),
  createdFrom: calendarDate.optional().catch(undefined),
  createdTo: calendarDate.optional().catch(undefined),
  lastContactFrom: calendarDate.optional().catch(undefined),
  lastContactTo: calendarDate.optional().catch(undefined),
  sort: z
    .object({ field: z.enum(CONTACT_SORT_FIELDS), dir: z.enum(['asc', 'desc']) })
    .default(DEFAULT_SORT)
    .catch(DEFAULT_SORT),
});
export type ViewFilter = z.output<typeof viewFilterSchema>;

export const DEFAULT_VIEW: ViewFilter = { sort: DEFAULT_SORT };

export type ViewContext = {
  readonly companiesById: ReadonlyMap<string, Pick<Company, 'name'>>;
  /** IANA zone the date bounds are days of; default Europe/Paris. */
  readonly timeZone?: string;
};

// ---------------------------------------------------------------------------------------------
// Time zones

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Offset of the zone from UTC at an instant, in ms (Paris in winter: +3,600,000). */
function getZoneOffset(instant: number, timeZone: string): number {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormatters.set(timeZone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(instant))) parts[part.type] = Number(part.value);
  const local = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return local - Math.floor(instant / 1000) * 1000;
}

/** The UTC instant (ms) at which a calendar day starts in a zone ("2026-03-29", Paris → 23:00Z the day before). */
export function getZonedDayStart(date: string, timeZone: string): number {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, d);
  const first = guess - getZoneOffset(guess, timeZone);
  // A DST change between the guess and the answer moves the offset: correct once.
  const second = guess - getZoneOffset(first, timeZone);
  return second;
}

function getNextDay(date: string): string {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// Search

/** What filtering and sorting read of a row, computed once per row object. */
type RowKeys = {
  readonly words: readonly string[];
  readonly phones: readonly string[];
  readonly tags: readonly string[];
  /** Folded "last first", else the e-mail: the name sort key. */
  readonly name: string | null;
  /** Epoch ms, null when absent or unreadable. */
  readonly created: number | null;
  readonly updated: number | null;
  readonly lastContact: number | null;
};

// Rows of the replica are immutable objects (a change replaces the object), so caching by
// identity is safe and makes repeated keystrokes over 100,000 rows cheap.
const rowKeys = new WeakMap<object, RowKeys>();
const companyKeys = new WeakMap<object, { readonly words: readonly string[]; readonly name: string }>();

function parseTime(iso: string | null): number | null {
  if (!iso) return null;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? null : time;
}

function getRowKeys(row: Contact): RowKeys {
  let keys = rowKeys.get(row);
  if (!keys) {
    const words = splitWords([row.first_name, row.last_name, row.email, row.job_title].filter(Boolean).join(' '));
    const phones: string[] = [];
    for (const phone of [row.phone, row.mobile]) {
      if (!phone) continue;
      const digits = keepDigits(phone);
      phones.push(digits);
      // +33612345678 is typed "06 12 34 56 78" in France.
      if (phone.startsWith('+33')) phones.push(`0${digits.slice(2)}`);
    }
    const name = foldText(`${row.last_name ?? ''} ${row.first_name ?? ''}`);
    keys = {
      words,
      phones,
      tags: row.tags.map((t) => foldText(t)),
      name: name || (row.email ? foldText(row.email) : null),
      created: parseTime(row.created_at),
      updated: parseTime(row.updated_at),
      lastContact: parseTime(row.last_contacted_at),
    };
    rowKeys.set(row, keys);
  }
  return keys;
}

function getCompanyKeys(company: Pick<Company, 'name'> | undefined): { words: readonly string[]; name: string } | null {
  if (!company) return null;
  let keys = companyKeys.get(company);
  if (!keys) {
    keys = { words: splitWords(company.name), name: foldText(company.name) };
    companyKeys.set(company, keys);
  }
  return keys;
}

type Query = { readonly words: readonly string[]; readonly digits: string | null };

function buildQuery(text: string | undefined): Query | null {
  if (!text || text.trim() === '') return null;
  const hasLetters = /\p{L}/u.test(text);
  const digits = keepDigits(text);
  return { words: splitWords(text), digits: !hasLetters && digits.length >= 3 ? digits : null };
}

function matchesQuery(row: Contact, keys: RowKeys, query: Query, ctx: ViewContext): boolean {
  if (query.digits !== null) return keys.phones.some((p) => p.includes(query.digits ?? ''));
  const company = row.company_id ? (getCompanyKeys(ctx.companiesById.get(row.company_id))?.words ?? []) : [];
  return query.words.every((q) => keys.words.some((w) => w.startsWith(q)) || company.some((w) => w.startsWith(q)));
}

// ---------------------------------------------------------------------------------------------
// Filter and sort

type Range = { readonly from: number; readonly to: number } | null;

function buildRange(from: string | undefined, to: string | undefined, timeZone: string): Range {
  if (!from && !to) return null;
  return {
    from: from ? getZonedDayStart(from, timeZone) : -Infinity,
    to: to ? getZonedDayStart(getNextDay(to), timeZone) : Infinity,
  };
}

function isInRange(time: number | null, range: Range): boolean {
  if (range === null) return true;
  return time !== null && time >= range.from && time < range.to;
}

function getSortKey(row: Contact, keys: RowKeys, field: ContactSortField, ctx: ViewContext): string | number | null {
  switch (field) {
    case 'name':
      return keys.name;
    case 'company':
      return row.company_id ? (getCompanyKeys(ctx.companiesById.get(row.company_id))?.name ?? null) : null;
    case 'email':
      return row.email;
    case 'created_at':
      return keys.created;
    case 'updated_at':
      return keys.updated;
    case 'last_contacted_at':
      return keys.lastContact;
  }
}

/** The rows the view shows, in its order (pure: rows are not modified); empty values sort last. */
export function applyContactView(rows: readonly Contact[], view: ViewFilter, ctx: ViewContext): Contact[] {
  const timeZone = ctx.timeZone ?? 'Europe/Paris';
  const query = buildQuery(view.query);
  const tags = view.tags?.map((t) => foldText(t)) ?? [];
  const isAllTags = view.tagsMode === 'all';
  const owners = view.ownerIds && view.ownerIds.length > 0 ? new Set(view.ownerIds) : null;
  const created = buildRange(view.createdFrom, view.createdTo, timeZone);
  const lastContact = buildRange(view.lastContactFrom, view.lastContactTo, timeZone);

  const kept: { row: Contact; key: string | number | null }[] = [];
  for (const row of rows) {
    if (owners && !owners.has(row.owner_id ?? NO_OWNER)) continue;
    const keys = getRowKeys(row);
    if (tags.length > 0) {
      const isMatch = isAllTags ? tags.every((t) => keys.tags.includes(t)) : tags.some((t) => keys.tags.includes(t));
      if (!isMatch) continue;
    }
    if (!isInRange(keys.created, created) || !isInRange(keys.lastContact, lastContact)) continue;
    if (query && !matchesQuery(row, keys, query, ctx)) continue;
    kept.push({ row, key: getSortKey(row, keys, view.sort.field, ctx) });
  }
  const direction = view.sort.dir === 'desc' ? -1 : 1;
  kept.sort((a, b) => {
    if (a.key !== b.key) {
      if (a.key === null) return 1;
      if (b.key === null) return -1;
      return (a.key < b.key ? -1 : 1) * direction;
    }
    return a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0;
  });
  return kept.map((k) => k.row);
}

// ---------------------------------------------------------------------------------------------
// Storage and URL

/** A view as compact JSON for storage: empty parts left out, so equal views serialise equally. */
export function serializeView(view: ViewFilter): string {
  const clean = viewFilterSchema.parse(view);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(clean)) {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    out[key] = value;
  }
  return JSON.stringify(out);
}

/** A stored view (JSON text or an object); invalid parts dropped, garbage gives the default view. */
export function parseView(input: unknown): ViewFilter {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input) as unknown;
    } catch {
      return DEFAULT_VIEW;
    }
  }
  const parsed = viewFilterSchema.safeParse(value);
  return parsed.success ? parsed.data : DEFAULT_VIEW;
}

/** A view as URL search parameters (`new URLSearchParams(pairs)`): q, tag…, owner…, sort=-created_at. */
export function buildViewSearchParams(view: ViewFilter): [string, string][] {
  const pairs: [string, string][] = [];
  if (view.query) pairs.push(['q', view.query]);
  for (const tag of view.tags ?? []) pairs.push(['tag', tag]);
  if (view.tagsMode) pairs.push(['tags', view.tagsMode]);
  for (const owner of view.ownerIds ?? []) pairs.push(['owner', owner]);
  if (view.createdFrom) pairs.push(['created_from', view.createdFrom]);
  if (view.createdTo) pairs.push(['created_to', view.createdTo]);
  if (view.lastContactFrom) pairs.push(['contact_from', view.lastContactFrom]);
  if (view.lastContactTo) pairs.push(['contact_to', view.lastContactTo]);
  const { field, dir } = view.sort;
  if (field !== DEFAULT_SORT.field || dir !== DEFAULT_SORT.dir) {
    pairs.push(['sort', `${dir === 'desc' ? '-' : ''}${field}`]);
  }
  return pairs;
}

/** The view in URL search parameters (a URLSearchParams is iterable); unknown or bad ones ignored. */
export function parseViewSearchParams(params: Iterable<readonly [string, string]>): ViewFilter {
  const raw: Record<string, unknown> = {};
  const tags: string[] = [];
  const owners: string[] = [];
  for (const [key, value] of params) {
    if (key === 'q') raw.query = value;
    else if (key === 'tag') tags.push(value);
    else if (key === 'tags') raw.tagsMode = value;
    else if (key === 'owner') owners.push(value);
    else if (key === 'created_from') raw.createdFrom = value;
    else if (key === 'created_to') raw.createdTo = value;
    else if (key === 'contact_from') raw.lastContactFrom = value;
    else if (key === 'contact_to') raw.lastContactTo = value;
    else if (key === 'sort') {
      const isDesc = value.startsWith('-');
      raw.sort = { field: isDesc ? value.slice(1) : value, dir: isDesc ? 'desc' : 'asc' };
    }
  }
  if (tags.length > 0) raw.tags = tags;
  if (owners.length > 0) raw.ownerIds = owners;
  return parseView(raw);
}
