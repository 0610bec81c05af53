/**
 * Local search: an in-memory index of folded words, built once from the replica and updated on
 * every change, scanned with prefix matching. Over 100,000 contacts a scan of short strings is
 * faster than any IndexedDB query and needs no extra index on the tables (which would slow the
 * initial sync). Contacts also match on their company's name.
 *
 * The scan runs over one string per table (every row's words, rows sorted by name and
 * separated by "\n"): `indexOf` is native and fast, a hit maps back to its row by binary search
 * over the row offsets, and rows come out in name order, so each rank bucket needs no sort.
 */
import { keepDigits } from '@shared/crm/normalize.ts';
import { buildRankName, buildSearchText, foldSearchText, splitSearchWords } from './rows.ts';
import type { SearchTable } from '@shared/sync/registry.ts';
import type { ServerRow } from './schema.ts';

type Entry = { id: string; text: string; name: string; companyId: string | null };

type Compiled = {
  entries: Entry[];
  /** All texts joined by "\n"; entry i starts at starts[i]. */
  haystack: string;
  starts: Int32Array;
  /** Contacts only: entry indexes per company id. */
  byCompany: Map<string, number[]>;
  /** The same for the rank names (" camille moreau"), to find name-word matches fast. */
  names: { haystack: string; starts: Int32Array };
};

export type SearchHit = { id: string; rank: number; name: string };

/** Changed rows searched one by one before the scan structures are rebuilt. */
const MAX_DIRTY = 2_000;

/** Folded tokens of a query; a phone-like query becomes one digit string ("06 12" → "0612"). */
export function tokenizeQuery(query: string): string[] {
  if (/^[\d\s+().-]+$/.test(query.trim()) && keepDigits(query).length >= 2) {
    return [keepDigits(query)];
  }
  return splitSearchWords(query);
}

function compareNames(a: Entry, b: Entry): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export class SearchIndex {
  private readonly entries: Record<SearchTable, Map<string, Entry>> = {
    companies: new Map(),
    contacts: new Map(),
  };
  private compiled: Partial<Record<SearchTable, Compiled>> = {};
  /**
   * Rows changed since the last compile: searched one by one on top of the compiled scan, so a
   * local write does not cost a rebuild (sorting 100,000 names) before the next keystroke.
   */
  private readonly dirty: Record<SearchTable, Set<string>> = { companies: new Set(), contacts: new Set() };

  private markDirty(table: SearchTable, id: string): void {
    if (!this.compiled[table]) return;
    this.dirty[table].add(id);
    if (this.dirty[table].size > MAX_DIRTY) delete this.compiled[table];
  }

  /** Builds the scan structures now (after loading), rather than on the first keystroke. */
  prepare(): void {
    this.compile('companies');
    this.compile('contacts');
  }

  upsert(table: SearchTable, rows: readonly ServerRow[]): void {
    const map = this.entries[table];
    for (const row of rows) {
      const stored = row['_search'];
      map.set(row.id, {
        id: row.id,
        text: typeof stored === 'string' ? stored : buildSearchText(table, row),
        name: buildRankName(table, row),
        companyId: typeof row['company_id'] === 'string' ? row['company_id'] : null,
      });
      this.markDirty(table, row.id);
    }
  }

  remove(table: SearchTable, ids: readonly string[]): void {
    for (const id of ids) {
      this.entries[table].delete(id);
      this.markDirty(table, id);
    }
  }

  clearTable(table: SearchTable): void {
    this.entries[table].clear();
    this.dirty[table].clear();
    delete this.compiled[table];
  }

  clear(): void {
    this.entries.companies.clear();
    this.entries.contacts.clear();
    this.compiled = {};
    this.dirty.companies.clear();
    this.dirty.contacts.clear();
  }

  get size(): number {
    return this.entries.contacts.size + this.entries.companies.size;
  }

  /** Rebuilt lazily on the first search after a change. */
  private compile(table: SearchTable): Compiled {
    const existing = this.compiled[table];
    if (existing) return existing;
    this.dirty[table].clear();
    const entries = [...this.entries[table].values()].sort(compareNames);
    const starts = new Int32Array(entries.length);
    const nameStarts = new Int32Array(entries.length);
    const parts: string[] = [];
    const nameParts: string[] = [];
    const byCompany = new Map<string, number[]>();
    let offset = 0;
    let nameOffset = 0;
    entries.forEach((entry, i) => {
      starts[i] = offset;
      parts.push(entry.text);
      offset += entry.text.length + 1;
      nameStarts[i] = nameOffset;
      nameParts.push(` ${entry.name}`);
      nameOffset += entry.name.length + 2;
      if (entry.companyId !== null) {
        const list = byCompany.get(entry.companyId);
        if (list) list.push(i);
        else byCompany.set(entry.companyId, [i]);
      }
    });
    const compiled = {
      entries,
      haystack: parts.join('\n'),
      starts,
      byCompany,
      names: { haystack: nameParts.join('\n'), starts: nameStarts },
    };
    this.compiled[table] = compiled;
    return compiled;
  }

  /** A lazy scan: the next entry index containing `needle` (ascending, each once), or -1. */
  private createScanner(compiled: Pick<Compiled, 'haystack' | 'starts'>, needle: string): () => number {
    const { haystack, starts } = compiled;
    let from = 0;
    let entry = 0;
    return () => {
      if (from < 0) return -1;
      const at = haystack.indexOf(needle, from);
      if (at < 0) {
        from = -1;
        return -1;
      }
      // Hits ascend: walk forward to the entry holding `at` (amortised O(1) per entry).
      while (entry + 1 < starts.length && (starts[entry + 1] as number) <= at) entry += 1;
      from = entry + 1 < starts.length ? (starts[entry + 1] as number) : -1;
      return entry;
    };
  }

  private scan(compiled: Compiled, needle: string): number[] {
    const next = this.createScanner(compiled, needle);
    const found: number[] = [];
    for (let i = next(); i >= 0; i = next()) found.push(i);
    return found;
  }

  /**
   * Ids matching every token as a word prefix, best first: exact name, then name prefix, then a
   * name word prefix, then any other field; ties by name.
   */
  search(table: SearchTable, query: string, limit = 50): SearchHit[] {
    const tokens = tokenizeQuery(query);
    if (tokens.length === 0 || limit <= 0) return [];
    const compiled = this.compile(table);
    const { entries } = compiled;
    const changed = this.dirty[table];
    const needles = tokens.map((token) => ` ${token}`);
    // Companies whose words match a token, so "garage dupont" finds Dupont at Garage du Centre.
    const companyIds: Set<string>[] = [];
    if (table === 'contacts') {
      const companies = this.compile('companies');
      const changed = this.dirty.companies;
      for (const needle of needles) {
        const ids = new Set<string>();
        for (const i of this.scan(companies, needle)) {
          const id = (companies.entries[i] as Entry).id;
          if (!changed.has(id)) ids.add(id);
        }
        for (const id of changed) {
          if (this.entries.companies.get(id)?.text.includes(needle)) ids.add(id);
        }
        companyIds.push(ids);
      }
    }
    const matchesToken = (entry: Entry, t: number) =>
      entry.text.includes(needles[t] as string) ||
      (entry.companyId !== null && (companyIds[t]?.has(entry.companyId) ?? false));
    const buckets: SearchHit[][] = [[], [], [], []];

    // Ranks 0 and 1 (name equals / starts with the query) form one range of the name-sorted rows.
    const folded = foldSearchText(query);
    let low = 0;
    let high = entries.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((entries[mid] as Entry).name < folded) low = mid + 1;
      else high = mid;
    }
    const prefixStart = low;
    let prefixEnd = prefixStart;
    while (prefixEnd < entries.length && (entries[prefixEnd] as Entry).name.startsWith(folded)) {
      const entry = entries[prefixEnd] as Entry;
      const bucket = buckets[entry.name === folded ? 0 : 1] as SearchHit[];
      if (bucket.length < limit && !changed.has(entry.id) && tokens.every((_, t) => matchesToken(entry, t))) {
        bucket.push({ id: entry.id, rank: entry.name === folded ? 0 : 1, name: entry.name });
      }
      prefixEnd += 1;
    }

    // Rank 2: a word of the name starts with the first token (a scan of the names only).
    const first = tokens[0] ?? '';
    const firstNeedle = ` ${first}`;
    const isInPrefix = (i: number) => i >= prefixStart && i < prefixEnd;
    const wordBucket = buckets[2] as SearchHit[];
    const nextName = this.createScanner(compiled.names, firstNeedle);
    for (let i = nextName(); i >= 0 && wordBucket.length < limit; i = nextName()) {
      const entry = entries[i] as Entry;
      if (!isInPrefix(i) && !changed.has(entry.id) && tokens.every((_, t) => matchesToken(entry, t))) {
        wordBucket.push({ id: entry.id, rank: 2, name: entry.name });
      }
    }
    // Rank 3: the rest, from the scan of one token, directly or through the company; rows come in
    // name order, so the scan stops once the bucket is full.
    // Pivot: the token reaching the fewest rows through companies, then the longest.
    const viaCompanyCount = needles.map((_, t) => {
      let count = 0;
      for (const companyId of companyIds[t] ?? []) count += compiled.byCompany.get(companyId)?.length ?? 0;
      return count;
    });
    let pivot = 0;
    needles.forEach((needle, t) => {
      const best = viaCompanyCount[pivot] as number;
      const count = viaCompanyCount[t] as number;
      if (count < best || (count === best && needle.length > (needles[pivot] as string).length)) pivot = t;
    });
    let next = this.createScanner(compiled, needles[pivot] as string);
    const viaCompany = companyIds[pivot];
    if (viaCompany && viaCompany.size > 0) {
      const marks = new Uint8Array(entries.length);
      for (let i = next(); i >= 0; i = next()) marks[i] = 1;
      for (const companyId of viaCompany) for (const i of compiled.byCompany.get(companyId) ?? []) marks[i] = 1;
      let cursor = 0;
      next = () => {
        while (cursor < marks.length && marks[cursor] !== 1) cursor += 1;
        return cursor < marks.length ? cursor++ : -1;
      };
    }
    const otherBucket = buckets[3] as SearchHit[];
    for (let i = next(); i >= 0 && otherBucket.length < limit; i = next()) {
      if (isInPrefix(i)) continue;
      const entry = entries[i] as Entry;
      if (entry.name.startsWith(first) || entry.name.includes(firstNeedle) || changed.has(entry.id)) continue;
      let isMatch = true;
      for (let t = 0; t < needles.length && isMatch; t += 1) if (t !== pivot) isMatch = matchesToken(entry, t);
      if (isMatch) otherBucket.push({ id: entry.id, rank: 3, name: entry.name });
    }
    // Rows changed since the compile, one by one, merged into their buckets in name order.
    if (changed.size > 0) {
      const touched = new Set<number>();
      for (const id of changed) {
        const entry = this.entries[table].get(id);
        if (!entry || !tokens.every((_, t) => matchesToken(entry, t))) continue;
        const rank =
          entry.name === folded
            ? 0
            : entry.name.startsWith(folded)
              ? 1
              : entry.name.startsWith(first) || entry.name.includes(firstNeedle)
                ? 2
                : 3;
        (buckets[rank] as SearchHit[]).push({ id: entry.id, rank, name: entry.name });
        touched.add(rank);
      }
      for (const rank of touched) {
        const bucket = buckets[rank] as SearchHit[];
        bucket.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        bucket.length = Math.min(bucket.length, limit);
      }
    }
    return buckets.flat().slice(0, limit);
  }
}
