/**
 * Pure row arithmetic of the engine: what a row looks like once the pending outbox entries are
 * re-applied on top of the server's version (rebase), and the folded words local search scans.
 */
import { SEARCH_SPECS, SYNC_REGISTRY, isSearchTable, type SearchTable } from '@shared/sync/registry.ts';
import type { OutboxEntry, ReplicaTable, ServerRow } from './schema.ts';

export { foldSearchText, splitSearchWords } from '@shared/sync/search-text.ts';

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
 * A created row shows the caller (`userId`) in the columns the server fills with it, and the
 * device's clock in those it stamps, until the server's version arrives.
 */
export function materializeRow(
  table: ReplicaTable,
  tenantId: string,
  base: ServerRow | null,
  entries: readonly OutboxEntry[],
  userId?: string,
): ServerRow | null {
  let row: Record<string, unknown> | null = base ? { ...base } : null;
  for (const entry of entries) {
    if (entry.op === 'delete') {
      row = null;
    } else if (entry.op === 'insert') {
      row = row
        ? { ...row, ...entry.fields }
        : {
            ...buildInsertDefaults(table, entry.createdAt, userId),
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

function buildInsertDefaults(table: ReplicaTable, createdAt: string, userId: string | undefined) {
  const spec = SYNC_REGISTRY[table];
  const row: Record<string, unknown> = structuredClone(spec.defaults) as Record<string, unknown>;
  if (userId !== undefined) for (const field of spec.callerDefaultFields) row[field] = userId;
  for (const field of spec.insertTimestampFields) row[field] = createdAt;
  return row;
}

function maxIso(current: unknown, candidate: string): string {
  return typeof current === 'string' && current > candidate ? current : candidate;
}

/** The folded words of a searched table's row (the registry's search text of that table). */
export function buildSearchText(table: SearchTable, row: Record<string, unknown>): string {
  return SEARCH_SPECS[table].buildText(row);
}

/** The folded name a result is ranked by ("camille moreau", "garage du centre"). */
export function buildRankName(table: SearchTable, row: Record<string, unknown>): string {
  return SEARCH_SPECS[table].buildRankName(row);
}

/** The row as stored in the replica table: server columns plus `_search` where search needs it. */
export function buildStoredRow(table: ReplicaTable, row: ServerRow): ServerRow {
  return isSearchTable(table) ? { ...row, _search: buildSearchText(table, row) } : row;
}
