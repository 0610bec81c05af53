/**
 * Duplicate detection for contacts and companies, on create and on CSV import (issue F3).
 *
 * Scoring is a noisy-or of independent signals: each signal alone says "same person" with some
 * confidence, and agreeing signals reinforce each other. An identical e-mail or phone is strong
 * on its own; a similar name is weaker (homonyms are common in 100,000 contacts) and needs the
 * same company to pass the default threshold unless the names are identical.
 *
 * Speed: one candidate against 100,000 rows must answer in well under 50 ms, so lookups go
 * through an index (exact maps for e-mail and phone, blocking keys for names: each folded name
 * word with the first three letters of the other) and only rows sharing a key are scored. A typo
 * is caught as long as the other name word is spelt the same and the typo is past the third
 * letter (a typo in both words, or in the first three letters, is missed).
 */
import { normalisePhoneNumber } from '../identity/phone.ts';
import { foldText, keepDigits } from './normalize.ts';

export type DuplicateReason = 'email' | 'phone' | 'name' | 'company';
export type CompanyDuplicateReason = 'siren' | 'name' | 'website' | 'phone' | 'email';

export type DuplicateMatch<T, R extends string = DuplicateReason> = {
  readonly row: T;
  /** 0..1, higher is more likely the same. */
  readonly score: number;
  readonly reasons: R[];
};

/** The contact fields detection reads; a candidate from a form or a CSV row may have no id yet. */
export type ContactKeys = {
  readonly id?: string | undefined;
  readonly first_name?: string | null | undefined;
  readonly last_name?: string | null | undefined;
  readonly email?: string | null | undefined;
  readonly phone?: string | null | undefined;
  readonly mobile?: string | null | undefined;
  readonly company_id?: string | null | undefined;
};

export type CompanyKeys = {
  readonly id?: string | undefined;
  readonly name?: string | null | undefined;
  readonly siren?: string | null | undefined;
  readonly siret?: string | null | undefined;
  readonly website?: string | null | undefined;
  readonly email?: string | null | undefined;
  readonly phone?: string | null | undefined;
};

export type DuplicateOptions = {
  /** Minimum score reported (default 0.75). */
  readonly threshold?: number;
  /** At most this many matches, best first (default 10). */
  readonly limit?: number;
};

export const DEFAULT_DUPLICATE_THRESHOLD = 0.75;

/** Confidence of each signal alone (noisy-or inputs). */
const EMAIL_WEIGHT = 0.95;
const PHONE_WEIGHT = 0.9;
const IDENTICAL_NAME_WEIGHT = 0.8;
const SAME_COMPANY_WEIGHT = 0.45;
/** Name similarity (Jaro-Winkler) below which a name says nothing. */
const NAME_FLOOR = 0.84;
/** Applied once per disagreeing identifier (both e-mails present and different; same for phones). */
const CONFLICT_FACTOR = 0.9;

// ---------------------------------------------------------------------------------------------
// String similarity

let matchedA = new Uint8Array(128);
let matchedB = new Uint8Array(128);

/** Jaro-Winkler similarity of two strings (1 = identical), prefix scale 0.1 over 4 characters. */
export function computeJaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  // Scratch buffers reused across calls: a lookup scores thousands of pairs.
  if (la > matchedA.length || lb > matchedB.length) {
    matchedA = new Uint8Array(Math.max(la, lb) * 2);
    matchedB = new Uint8Array(Math.max(la, lb) * 2);
  }
  matchedA.fill(0, 0, la);
  matchedB.fill(0, 0, lb);
  let matches = 0;
  for (let i = 0; i < la; i += 1) {
    const from = Math.max(0, i - window);
    const to = Math.min(lb - 1, i + window);
    for (let j = from; j <= to; j += 1) {
      if (matchedB[j] === 1 || a.charCodeAt(i) !== b.charCodeAt(j)) continue;
      matchedA[i] = 1;
      matchedB[j] = 1;
      matches += 1;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i += 1) {
    if (matchedA[i] !== 1) continue;
    while (matchedB[k] !== 1) k += 1;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions += 1;
    k += 1;
  }
  const m = matches;
  const jaro = (m / la + m / lb + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  const maxPrefix = Math.min(4, la, lb);
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix += 1;
  return jaro + prefix * 0.1 * (1 - jaro);
}

// ---------------------------------------------------------------------------------------------
// Keys

/** Lower-cased trimmed e-mail, or null. */
export function getEmailKey(email: string | null | undefined): string | null {
  const key = email?.trim().toLowerCase() ?? '';
  return key.includes('@') ? key : null;
}

/**
 * Digits of a phone in E.164: rows hold E.164 already; a candidate typed in a form may still
 * read "06 12 34 56 78", which must meet "+33612345678".
 */
function getPhoneKey(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const e164 = /^\+\d+$/.test(phone) ? phone : (normalisePhoneNumber(phone) ?? phone);
  const digits = keepDigits(e164);
  return digits.length >= 7 ? digits : null;
}

const foldCache = new Map<string, string>();

/** foldText with a bounded memo: first names repeat across thousands of rows. */
function foldName(text: string | null | undefined): string {
  if (!text) return '';
  let folded = foldCache.get(text);
  if (folded === undefined) {
    // Plain ASCII names (most surnames) fold to lower case: skip foldText's Unicode passes.
    folded = /^[A-Za-z0-9 ]*$/.test(text) ? text.toLowerCase().trim().replace(/ +/g, ' ') : foldText(text);
    if (foldCache.size >= 50_000) foldCache.clear();
    foldCache.set(text, folded);
  }
  return folded;
}

const LEGAL_FORMS = new Set([
  'sa',
  'sas',
  'sasu',
  'sarl',
  'eurl',
  'sci',
  'snc',
  'scop',
  'sca',
  'scs',
  'selarl',
  'selas',
  'ei',
  'eirl',
  'earl',
  'gaec',
  'gie',
  'ste',
  'societe',
  'ets',
  'etablissements',
]);

/** A company name folded, legal forms (SAS, SARL, EURL, SA, SASU…) and "&/et Cie" removed. */
export function getCompanyNameKey(name: string | null | undefined): string {
  const words = foldText(name ?? '')
    .replace(/[.@+]/g, ' ')
    .split(' ')
    .filter((w) => w !== '' && !LEGAL_FORMS.has(w));
  while (words.length > 1 && (words.at(-1) === 'cie' || words.at(-1) === 'co')) {
    words.pop();
    if (words.at(-1) === 'et') words.pop();
  }
  return words.join(' ');
}

/** Host of a website without scheme, "www." and path: "https://www.Garage.fr/x" → "garage.fr". */
export function getWebsiteDomain(website: string | null | undefined): string | null {
  const host = (website ?? '')
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/[/?#:].*$/, '')
    .replace(/^www\d?\./, '');
  return host.includes('.') ? host : null;
}

/** SIREN of a company: its own, else the first 9 digits of its SIRET. */
function getSirenKey(row: CompanyKeys): string | null {
  const siren = keepDigits(row.siren ?? '');
  if (siren.length === 9) return siren;
  const siret = keepDigits(row.siret ?? '');
  return siret.length === 14 ? siret.slice(0, 9) : null;
}

// ---------------------------------------------------------------------------------------------
// Contacts

/** What the index keeps per row, computed once. */
type ContactEntry<T> = {
  readonly row: T;
  readonly email: string | null;
  readonly phones: readonly string[];
  /** Folded "first last". */
  readonly forward: string;
  /** Folded words sorted: order-insensitive form. */
  readonly sorted: string;
  readonly wordCount: number;
};

export type ContactDuplicateIndex<T extends ContactKeys> = {
  readonly byEmail: Map<string, Bucket<ContactEntry<T>>>;
  readonly byPhone: Map<string, Bucket<ContactEntry<T>>>;
  readonly byNameBlock: Map<string, Bucket<ContactEntry<T>>>;
  size: number;
};

function buildContactEntry<T extends ContactKeys>(row: T): ContactEntry<T> {
  const forward = `${foldName(row.first_name)} ${foldName(row.last_name)}`.trim();
  const words = forward === '' ? [] : forward.split(' ');
  const phones = [getPhoneKey(row.phone), getPhoneKey(row.mobile)].filter((p): p is string => p !== null);
  return {
    row,
    email: getEmailKey(row.email),
    phones: phones.length === 2 && phones[0] === phones[1] ? [phones[0] as string] : phones,
    forward,
    sorted: words.length > 1 ? [...words].sort().join(' ') : forward,
    wordCount: words.length,
  };
}

/**
 * Blocking keys of a name: each folded word in full with the first three letters of each other
 * word ("jean|dup", "dupont|jea"). A duplicate with a typo in one word (past its third letter)
 * still shares the key anchored on the other word, and swapped first/last names give the same
 * keys. A lone word is its own key. Three letters keep blocks small: "jean|du" would hold
 * every Jean Dubois, Dumont, Durand… of 100,000 contacts.
 */
function listNameBlocks(sorted: string): string[] {
  if (sorted === '') return [];
  const words = sorted.split(' ');
  if (words.length === 1) return [`${words[0]}|`];
  const blocks = new Set<string>();
  words.forEach((anchor, i) => {
    words.forEach((other, j) => {
      if (i !== j) blocks.add(`${anchor}|${other.slice(0, 3)}`);
    });
  });
  return [...blocks];
}

/**
 * A map value: one entry, or several. Most keys (an e-mail, a phone, "dupont|jea") hold a single
 * row; not allocating an array for each keeps building an index of 100,000 rows light on the GC.
 */
type Bucket<E> = E | E[];

function putInBucket<E extends object>(map: Map<string, Bucket<E>>, key: string, entry: E): void {
  const bucket = map.get(key);
  if (bucket === undefined) map.set(key, entry);
  else if (Array.isArray(bucket)) bucket.push(entry);
  else map.set(key, [bucket, entry]);
}

function addBucketTo<E>(found: Set<E>, bucket: Bucket<E> | undefined): void {
  if (bucket === undefined) return;
  if (Array.isArray(bucket)) for (const entry of bucket) found.add(entry);
  else found.add(bucket);
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** An empty contact index; add rows with addToDuplicateIndex (CSV import indexes its own rows as it goes). */
export function createDuplicateIndex<T extends ContactKeys>(): ContactDuplicateIndex<T> {
  return { byEmail: new Map(), byPhone: new Map(), byNameBlock: new Map(), size: 0 };
}

/** Adds one row to a contact index (rows are never removed: rebuild after deletes). */
export function addToDuplicateIndex<T extends ContactKeys>(index: ContactDuplicateIndex<T>, row: T): void {
  const entry = buildContactEntry(row);
  if (entry.email) putInBucket(index.byEmail, entry.email, entry);
  for (const phone of entry.phones) putInBucket(index.byPhone, phone, entry);
  for (const block of listNameBlocks(entry.sorted)) putInBucket(index.byNameBlock, block, entry);
  index.size += 1;
}

/** Indexes contacts by e-mail, phone and name blocks for fast lookups. */
export function buildDuplicateIndex<T extends ContactKeys>(rows: Iterable<T>): ContactDuplicateIndex<T> {
  const index = createDuplicateIndex<T>();
  for (const row of rows) addToDuplicateIndex(index, row);
  return index;
}

/**
 * Order-insensitive, typo-tolerant name similarity in 0..1: Jaro-Winkler on the names as typed
 * and on their words sorted (which lines up "Dupont Jean" with "Jean Dupond").
 */
function computeNameSimilarity(a: ContactEntry<unknown>, b: ContactEntry<unknown>): number {
  if (a.wordCount === 0 || b.wordCount === 0) return 0;
  if (a.sorted === b.sorted) return 1;
  const asTyped = computeJaroWinkler(a.forward, b.forward);
  return asTyped >= 0.99 ? asTyped : Math.max(asTyped, computeJaroWinkler(a.sorted, b.sorted));
}

/**
 * Scores a pair. With `minScore`, a pair that cannot reach it even with the best name similarity
 * its lengths allow skips the Jaro-Winkler computations (most pairs of a name block): its score
 * is then computed without the name, which only lowers it, and it stays below `minScore` either way.
 */
function scoreContactEntries(
  a: ContactEntry<ContactKeys>,
  b: ContactEntry<ContactKeys>,
  minScore = 0,
): { score: number; reasons: DuplicateReason[] } {
  const reasons: DuplicateReason[] = [];
  let miss = 1;
  const isSameEmail = a.email !== null && a.email === b.email;
  if (isSameEmail) {
    reasons.push('email');
    miss *= 1 - EMAIL_WEIGHT;
  }
  const isSamePhone = a.phones.some((p) => b.phones.includes(p));
  if (isSamePhone) {
    reasons.push('phone');
    miss *= 1 - PHONE_WEIGHT;
  }
  const isSameCompany = Boolean(a.row.company_id) && a.row.company_id === b.row.company_id;
  // Each record has its own address (or number) and they differ: evidence of two people.
  let conflict = 1;
  if (a.email !== null && b.email !== null && !isSameEmail) conflict *= CONFLICT_FACTOR;
  if (a.phones.length > 0 && b.phones.length > 0 && !isSamePhone) conflict *= CONFLICT_FACTOR;
  // A lone word ("Dupont") is a weak identity: half weight.
  const nameWeight = IDENTICAL_NAME_WEIGHT * (a.wordCount < 2 || b.wordCount < 2 ? 0.5 : 1);
  const hasName = a.wordCount > 0 && b.wordCount > 0;
  const isNameUseful = hasName && isNameWorthComputing(a, b, miss, isSameCompany, conflict, nameWeight, minScore);
  // Most pairs of a name block: nothing in common that could count.
  if (reasons.length === 0 && !isNameUseful) return { score: 0, reasons };
  if (isNameUseful) {
    const similarity = computeNameSimilarity(a, b);
    if (similarity >= NAME_FLOOR) {
      reasons.push('name');
      miss *= 1 - nameWeight * ((similarity - NAME_FLOOR) / (1 - NAME_FLOOR));
    }
  }
  // The same company says nothing alone (colleagues); it only reinforces another signal.
  if (isSameCompany && reasons.length > 0) {
    reasons.push('company');
    miss *= 1 - SAME_COMPANY_WEIGHT;
  }
  const score = (1 - miss) * conflict;
  return { score: Math.round(score * 1000) / 1000, reasons };
}

/**
 * Whether the name can still lift the pair to `minScore`. Jaro ≤ (2 + shorter/longer) / 3 (all
 * characters of the shorter string matched, no transposition) and Jaro-Winkler ≤ 0.6·Jaro + 0.4,
 * so names of too different lengths cannot be similar enough.
 */
function isNameWorthComputing(
  a: ContactEntry<ContactKeys>,
  b: ContactEntry<ContactKeys>,
  missWithoutName: number,
  isSameCompany: boolean,
  conflict: number,
  nameWeight: number,
  minScore: number,
): boolean {
  if (minScore <= 0 || a.sorted === b.sorted) return true;
  const companyMiss = isSameCompany ? 1 - SAME_COMPANY_WEIGHT : 1;
  // The name weight w needed: (1 - missWithoutName·(1 - w)·companyMiss)·conflict ≥ minScore.
  const allowedMiss = (1 - minScore / conflict) / (missWithoutName * companyMiss);
  const neededWeight = 1 - allowedMiss;
  if (neededWeight <= 0) return true;
  if (neededWeight > nameWeight) return false;
  const neededSimilarity = NAME_FLOOR + (1 - NAME_FLOOR) * (neededWeight / nameWeight);
  const neededJaro = (neededSimilarity - 0.4) / 0.6;
  const la = a.forward.length;
  const lb = b.forward.length;
  const ratio = Math.min(la, lb) / Math.max(la, lb);
  // A hair of slack for floating point: never skip a pair that could reach minScore.
  return (2 + ratio) / 3 >= neededJaro - 1e-9;
}

/** Score of two contacts being the same person, with the signals that agree. */
export function scoreContactPair(a: ContactKeys, b: ContactKeys): { score: number; reasons: DuplicateReason[] } {
  return scoreContactEntries(buildContactEntry(a), buildContactEntry(b));
}

function collectCandidates<T extends ContactKeys>(
  index: ContactDuplicateIndex<T>,
  entry: ContactEntry<ContactKeys>,
): Set<ContactEntry<T>> {
  const found = new Set<ContactEntry<T>>();
  if (entry.email) addBucketTo(found, index.byEmail.get(entry.email));
  for (const phone of entry.phones) addBucketTo(found, index.byPhone.get(phone));
  for (const block of listNameBlocks(entry.sorted)) addBucketTo(found, index.byNameBlock.get(block));
  return found;
}

function rankMatches<T, R extends string>(
  matches: DuplicateMatch<T, R>[],
  opts: DuplicateOptions | undefined,
): DuplicateMatch<T, R>[] {
  return matches.sort((x, y) => y.score - x.score).slice(0, opts?.limit ?? 10);
}

/** Indexed contacts likely to be the candidate, best first; the candidate's own id is skipped. */
export function findContactDuplicatesIn<T extends ContactKeys>(
  index: ContactDuplicateIndex<T>,
  candidate: ContactKeys,
  opts?: DuplicateOptions,
): DuplicateMatch<T>[] {
  const threshold = opts?.threshold ?? DEFAULT_DUPLICATE_THRESHOLD;
  const entry = buildContactEntry(candidate);
  const matches: DuplicateMatch<T>[] = [];
  for (const other of collectCandidates(index, entry)) {
    if (candidate.id !== undefined && other.row.id === candidate.id) continue;
    const { score, reasons } = scoreContactEntries(entry, other, threshold);
    if (score >= threshold) matches.push({ row: other.row, score, reasons });
  }
  return rankMatches(matches, opts);
}

/** Contacts likely to be the candidate, best first (builds a throwaway index; reuse one for many lookups). */
export function findContactDuplicates<T extends ContactKeys>(
  candidate: ContactKeys,
  existing: Iterable<T>,
  opts?: DuplicateOptions,
): DuplicateMatch<T>[] {
  return findContactDuplicatesIn(buildDuplicateIndex(existing), candidate, opts);
}

export type DuplicateGroup<T> = {
  readonly rows: T[];
  /** Best pair score inside the group. */
  readonly score: number;
  readonly reasons: DuplicateReason[];
};

/** Groups of contacts that are likely the same person (transitively linked pairs), best first. */
export function findDuplicateGroups<T extends ContactKeys & { readonly id: string }>(
  rows: readonly T[],
  opts?: Pick<DuplicateOptions, 'threshold'>,
): DuplicateGroup<T>[] {
  const threshold = opts?.threshold ?? DEFAULT_DUPLICATE_THRESHOLD;
  const index = buildDuplicateIndex(rows);
  const position = new Map(rows.map((row, i) => [row.id, i]));
  const parent = rows.map((_, i) => i);
  const findRoot = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root] ?? root;
    parent[i] = root;
    return root;
  };
  const best = new Map<number, { score: number; reasons: Set<DuplicateReason> }>();
  const emails = new Map<number, Set<string>>();
  rows.forEach((row, i) => {
    const email = getEmailKey(row.email);
    if (email) emails.set(i, new Set([email]));
  });
  const link = (x: ContactEntry<T>, y: ContactEntry<T>) => {
    const i = position.get(x.row.id);
    const j = position.get(y.row.id);
    if (i === undefined || j === undefined || i === j) return;
    const { score, reasons } = scoreContactEntries(x, y, threshold);
    if (score < threshold) return;
    const ri = findRoot(i);
    const rj = findRoot(j);
    if (ri === rj) return;
    // No chaining through a record without an e-mail: two groups holding different addresses
    // are different people even if a third, bare record resembles both. (A direct pair with
    // two different addresses was already scored down for it, and may still join.)
    const emailsI = emails.get(ri);
    const emailsJ = emails.get(rj);
    const isBarePair = x.email === null || y.email === null;
    if (isBarePair && emailsI && emailsJ && ![...emailsI].some((e) => emailsJ.has(e))) return;
    const root = Math.min(ri, rj);
    const union = new Set([...(emailsI ?? []), ...(emailsJ ?? [])]);
    if (union.size > 0) emails.set(root, union);
    parent[Math.max(ri, rj)] = root;
    const merged = { score: 0, reasons: new Set<DuplicateReason>() };
    for (const part of [best.get(ri), best.get(rj), { score, reasons: new Set(reasons) }]) {
      if (!part) continue;
      merged.score = Math.max(merged.score, part.score);
      part.reasons.forEach((r) => merged.reasons.add(r));
    }
    best.delete(ri);
    best.delete(rj);
    best.set(root, merged);
  };
  // Pairs sharing a bucket, strong keys first so that groups form around e-mails and phones.
  for (const map of [index.byEmail, index.byPhone, index.byNameBlock]) {
    for (const bucket of map.values()) {
      if (!Array.isArray(bucket)) continue;
      for (let x = 0; x < bucket.length; x += 1) {
        for (let y = x + 1; y < bucket.length; y += 1) link(bucket[x] as ContactEntry<T>, bucket[y] as ContactEntry<T>);
      }
    }
  }
  const members = new Map<number, T[]>();
  rows.forEach((row, i) => {
    const root = findRoot(i);
    if (best.has(root)) pushTo(members, root, row);
  });
  const groups: DuplicateGroup<T>[] = [];
  for (const [root, groupRows] of members) {
    const info = best.get(root);
    if (info && groupRows.length > 1) groups.push({ rows: groupRows, score: info.score, reasons: [...info.reasons] });
  }
  return groups.sort((a, b) => b.score - a.score);
}

// ---------------------------------------------------------------------------------------------
// Companies

const SIREN_WEIGHT = 0.97;
const WEBSITE_WEIGHT = 0.85;
const COMPANY_PHONE_WEIGHT = 0.6;
const COMPANY_EMAIL_WEIGHT = 0.6;
const COMPANY_NAME_WEIGHT = 0.8;
const COMPANY_NAME_FLOOR = 0.9;

type CompanyEntry<T> = {
  readonly row: T;
  readonly siren: string | null;
  readonly name: string;
  readonly domain: string | null;
  readonly phone: string | null;
  readonly email: string | null;
};

export type CompanyDuplicateIndex<T extends CompanyKeys> = {
  readonly bySiren: Map<string, Bucket<CompanyEntry<T>>>;
  readonly byDomain: Map<string, Bucket<CompanyEntry<T>>>;
  readonly byPhone: Map<string, Bucket<CompanyEntry<T>>>;
  readonly byEmail: Map<string, Bucket<CompanyEntry<T>>>;
  readonly byNameBlock: Map<string, Bucket<CompanyEntry<T>>>;
  /** Exact folded name (without legal form) → rows: CSV import links contacts to companies by it. */
  readonly byName: Map<string, Bucket<CompanyEntry<T>>>;
  size: number;
};

function buildCompanyEntry<T extends CompanyKeys>(row: T): CompanyEntry<T> {
  return {
    row,
    siren: getSirenKey(row),
    name: getCompanyNameKey(row.name),
    domain: getWebsiteDomain(row.website),
    phone: getPhoneKey(row.phone),
    email: getEmailKey(row.email),
  };
}

/** An empty company index. */
export function createCompanyDuplicateIndex<T extends CompanyKeys>(): CompanyDuplicateIndex<T> {
  return {
    bySiren: new Map(),
    byDomain: new Map(),
    byPhone: new Map(),
    byEmail: new Map(),
    byNameBlock: new Map(),
    byName: new Map(),
    size: 0,
  };
}

/** Adds one company to an index. */
export function addToCompanyDuplicateIndex<T extends CompanyKeys>(index: CompanyDuplicateIndex<T>, row: T): void {
  const entry = buildCompanyEntry(row);
  if (entry.siren) putInBucket(index.bySiren, entry.siren, entry);
  if (entry.domain) putInBucket(index.byDomain, entry.domain, entry);
  if (entry.phone) putInBucket(index.byPhone, entry.phone, entry);
  if (entry.email) putInBucket(index.byEmail, entry.email, entry);
  if (entry.name) putInBucket(index.byName, entry.name, entry);
  for (const block of listNameBlocks(entry.name)) putInBucket(index.byNameBlock, block, entry);
  index.size += 1;
}

/** Indexes companies by SIREN, website domain, phone, e-mail and name blocks. */
export function buildCompanyDuplicateIndex<T extends CompanyKeys>(rows: Iterable<T>): CompanyDuplicateIndex<T> {
  const index = createCompanyDuplicateIndex<T>();
  for (const row of rows) addToCompanyDuplicateIndex(index, row);
  return index;
}

/** The indexed company whose name (legal form ignored) is exactly this one, if a single one is. */
export function findCompanyByName<T extends CompanyKeys>(index: CompanyDuplicateIndex<T>, name: string): T | undefined {
  const bucket = index.byName.get(getCompanyNameKey(name));
  return (Array.isArray(bucket) ? bucket[0] : bucket)?.row;
}

function scoreCompanyEntries(
  a: CompanyEntry<CompanyKeys>,
  b: CompanyEntry<CompanyKeys>,
): { score: number; reasons: CompanyDuplicateReason[] } {
  const reasons: CompanyDuplicateReason[] = [];
  let miss = 1;
  if (a.siren !== null && a.siren === b.siren) {
    reasons.push('siren');
    miss *= 1 - SIREN_WEIGHT;
  }
  if (a.domain !== null && a.domain === b.domain) {
    reasons.push('website');
    miss *= 1 - WEBSITE_WEIGHT;
  }
  if (a.phone !== null && a.phone === b.phone) {
    reasons.push('phone');
    miss *= 1 - COMPANY_PHONE_WEIGHT;
  }
  if (a.email !== null && a.email === b.email) {
    reasons.push('email');
    miss *= 1 - COMPANY_EMAIL_WEIGHT;
  }
  if (a.name !== '' && b.name !== '') {
    const similarity = a.name === b.name ? 1 : computeJaroWinkler(a.name, b.name);
    if (similarity >= COMPANY_NAME_FLOOR) {
      reasons.push('name');
      miss *= 1 - COMPANY_NAME_WEIGHT * ((similarity - COMPANY_NAME_FLOOR) / (1 - COMPANY_NAME_FLOOR));
    }
  }
  let score = 1 - miss;
  // Two different valid SIRENs are two legal entities, whatever their names say.
  if (a.siren !== null && b.siren !== null && a.siren !== b.siren) score *= 0.5;
  return { score: Math.round(score * 1000) / 1000, reasons };
}

/** Score of two companies being the same one, with the signals that agree. */
export function scoreCompanyPair(a: CompanyKeys, b: CompanyKeys): { score: number; reasons: CompanyDuplicateReason[] } {
  return scoreCompanyEntries(buildCompanyEntry(a), buildCompanyEntry(b));
}

/** Indexed companies likely to be the candidate, best first; the candidate's own id is skipped. */
export function findCompanyDuplicatesIn<T extends CompanyKeys>(
  index: CompanyDuplicateIndex<T>,
  candidate: CompanyKeys,
  opts?: DuplicateOptions,
): DuplicateMatch<T, CompanyDuplicateReason>[] {
  const threshold = opts?.threshold ?? DEFAULT_DUPLICATE_THRESHOLD;
  const entry = buildCompanyEntry(candidate);
  const found = new Set<CompanyEntry<T>>();
  if (entry.siren) addBucketTo(found, index.bySiren.get(entry.siren));
  if (entry.domain) addBucketTo(found, index.byDomain.get(entry.domain));
  if (entry.phone) addBucketTo(found, index.byPhone.get(entry.phone));
  if (entry.email) addBucketTo(found, index.byEmail.get(entry.email));
  for (const block of listNameBlocks(entry.name)) addBucketTo(found, index.byNameBlock.get(block));
  const matches: DuplicateMatch<T, CompanyDuplicateReason>[] = [];
  for (const other of found) {
    if (candidate.id !== undefined && other.row.id === candidate.id) continue;
    const { score, reasons } = scoreCompanyEntries(entry, other);
    if (score >= threshold) matches.push({ row: other.row, score, reasons });
  }
  return rankMatches(matches, opts);
}

/** Companies likely to be the candidate, best first. */
export function findCompanyDuplicates<T extends CompanyKeys>(
  candidate: CompanyKeys,
  existing: Iterable<T>,
  opts?: DuplicateOptions,
): DuplicateMatch<T, CompanyDuplicateReason>[] {
  return findCompanyDuplicatesIn(buildCompanyDuplicateIndex(existing), candidate, opts);
}
