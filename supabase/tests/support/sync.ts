/**
 * Helpers for the sync protocol DB tests (sync-*.pg.test.ts): push and pull as an actor, through
 * SQL (queryAs-style, committed for pushes so later pulls see them), every answer parsed with the
 * zod schemas of shared/sync/protocol.ts; CRM rows written as the superuser.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import {
  pullResponseSchema,
  pushResponseSchema,
  type Mutation,
  type PullResponse,
  type PushResponse,
} from '../../../shared/sync/protocol.ts';
import type { Actor } from '../../local/test/pg-actor.ts';
import { commitAs, runAs, type Failure } from './transactions.ts';

/** A UUIDv7-shaped id (time-ordered, like the PWA's). */
export function buildRowId(): string {
  const hex = Date.now().toString(16).padStart(12, '0');
  const rest = randomUUID().replace(/-/g, '').slice(12);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${rest.slice(1, 4)}-8${rest.slice(5, 8)}-${rest.slice(8, 20)}`;
}

export type SyncOutcome<T> = { readonly ok: true; readonly value: T } | Failure;

/** sync_push as `actor`, committed when it succeeds. */
export async function push(
  db: pg.Client,
  actor: Actor,
  clientId: string,
  tenantId: string,
  mutations: readonly (Mutation | Record<string, unknown>)[] | unknown,
): Promise<SyncOutcome<PushResponse>> {
  const result = await commitAs<{ r: unknown }>(db, actor, 'select public.sync_push($1, $2, $3::jsonb) as r', [
    clientId,
    tenantId,
    JSON.stringify(mutations),
  ]);
  if (!result.ok) return result as Failure;
  return { ok: true, value: pushResponseSchema.parse(result.rows[0]?.r) };
}

/** sync_pull as `actor` (read-only, rolled back). */
export async function pull(
  db: pg.Client,
  actor: Actor,
  tenantId: string,
  cursor: string | null,
  limit = 1000,
): Promise<SyncOutcome<PullResponse>> {
  const result = await runAs<{ r: unknown }>(db, actor, 'select public.sync_pull($1, $2, $3) as r', [
    tenantId,
    cursor,
    limit,
  ]);
  if (!result.ok) return result;
  return { ok: true, value: pullResponseSchema.parse(result.rows[0]?.r) };
}

/** The value of a successful outcome, or a thrown error naming the failure. */
export function expectOk<T>(outcome: SyncOutcome<T>): T {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.code} ${outcome.message}`);
  return outcome.value;
}

/** The F3 tables these tests exercise (the registry has more: sync-registry.pg.test.ts). */
export type CrmTable = 'companies' | 'contacts';

export type PulledState = {
  /** Rows by table and id, as the replica would hold them. */
  readonly rows: Record<CrmTable, Map<string, Record<string, unknown>>>;
  readonly cursor: string;
  readonly pages: PullResponse[];
};

/** Pulls until has_more is false, applying pages to `rows` the way the client does. */
export async function pullAll(
  db: pg.Client,
  actor: Actor,
  tenantId: string,
  cursor: string | null,
  limit = 1000,
  rows: PulledState['rows'] = { companies: new Map(), contacts: new Map() },
): Promise<PulledState> {
  const pages: PullResponse[] = [];
  let next = cursor;
  for (let i = 0; i < 10_000; i += 1) {
    const page = expectOk(await pull(db, actor, tenantId, next, limit));
    pages.push(page);
    if (page.reset) {
      rows.companies.clear();
      rows.contacts.clear();
    }
    for (const table of ['companies', 'contacts'] as const) {
      for (const row of page.changes[table]) rows[table].set(row.id, row);
      for (const id of page.deletes[table]) rows[table].delete(id);
      for (const id of page.evict[table]) rows[table].delete(id);
    }
    next = page.cursor;
    if (!page.has_more) return { rows, cursor: page.cursor, pages };
  }
  throw new Error('pullAll: too many pages');
}

/**
 * Live rows of the tenant in the synced tables other than companies and contacts (the V1 tables:
 * a new tenant gets its default pipeline stages), which a pull by an owner or manager delivers too.
 */
export async function countOtherSyncedRows(db: pg.Client, tenantId: string): Promise<number> {
  const { rows } = await db.query<{ name: string }>(
    `select name from private.sync_tables where name not in ('companies', 'contacts') order by position`,
  );
  let count = 0;
  for (const { name } of rows) {
    const counted = await db.query<{ n: number }>(
      `select count(*)::int as n from public.${JSON.stringify(name)} where tenant_id = $1 and deleted_at is null`,
      [tenantId],
    );
    count += counted.rows[0]?.n ?? 0;
  }
  return count;
}

/** Inserts a company as the superuser (seed-like, committed); returns its id. */
export async function insertCompany(
  db: pg.Client,
  tenantId: string,
  fields: Record<string, unknown> = {},
): Promise<string> {
  const id = buildRowId();
  const values = { name: `Société ${id.slice(-6)}`, ...fields };
  const keys = Object.keys(values);
  await db.query(
    `insert into public.companies (id, tenant_id, ${keys.join(', ')})
     select $1, $2, ${keys.map((k) => `r.${k}`).join(', ')} from jsonb_populate_record(null::public.companies, $3) r`,
    [id, tenantId, JSON.stringify(values)],
  );
  return id;
}

/** Inserts a contact as the superuser (committed); returns its id. */
export async function insertContact(
  db: pg.Client,
  tenantId: string,
  fields: Record<string, unknown> = {},
): Promise<string> {
  const id = buildRowId();
  const values = { last_name: `Contact ${id.slice(-6)}`, ...fields };
  const keys = Object.keys(values);
  await db.query(
    `insert into public.contacts (id, tenant_id, ${keys.join(', ')})
     select $1, $2, ${keys.map((k) => `r.${k}`).join(', ')} from jsonb_populate_record(null::public.contacts, $3) r`,
    [id, tenantId, JSON.stringify(values)],
  );
  return id;
}
