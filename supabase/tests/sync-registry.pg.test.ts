/**
 * The sync engine is generic over its registry (private.sync_tables): a table created here, in
 * the test, and registered with private.register_sync_table is pulled (initial, incremental,
 * evictions for an own-scoped role), pushed (insert with the caller as default owner, update,
 * delete, unknown and invalid fields named), poked and purged with no other code change.
 *
 * Other test files share this database and run beside this one, so the probe must leave nothing
 * behind and must not disturb them: its name is a matrix resource that has no table yet (the
 * permission matrix test compares private.permission_grants with the code, so no grant is added),
 * and it is unregistered (and the generated apply functions refreshed) before its table is dropped,
 * a moment later, so that a pull reading the registry just before never meets a dropped table.
 */
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestClient,
  mintUserToken,
  subscribeChannel,
  waitFor,
  type TestClient,
} from '../local/gateway/realtime/testing.ts';
import type { Actor } from '../local/test/pg-actor.ts';
import { getStack } from '../local/test/stack-info.ts';
import { asUser, createTeam, type Team } from './support/fixtures.ts';
import { buildRowId, expectOk, push } from './support/sync.ts';
import { runAs } from './support/transactions.ts';

const stack = getStack();
let db: pg.Client;
let team: Team;
/** The probe table: a matrix resource with sales/member `own` reads and no table of its own. */
let probe: string;
const POSITION = 900_001;
const realtimeClients: TestClient[] = [];

type RawPage = {
  changes: Record<string, Record<string, unknown>[]>;
  deletes: Record<string, string[]>;
  evict: Record<string, string[]>;
  cursor: string;
  has_more: boolean;
  reset: boolean;
  progress: { done: number; total: number } | null;
};

/** sync_pull as `actor`, unparsed: the protocol schema would drop the probe's key. */
async function pullRaw(actor: Actor, cursor: string | null, limit = 1000): Promise<RawPage> {
  const result = await runAs<{ r: RawPage }>(db, actor, 'select public.sync_pull($1, $2, $3) as r', [
    team.tenantId,
    cursor,
    limit,
  ]);
  if (!result.ok) throw new Error(`sync_pull: ${result.code} ${result.message}`);
  return result.rows[0]!.r;
}

/** Every page of a window; the probe's rows, deletes and evictions collected. */
async function pullProbe(
  actor: Actor,
  cursor: string | null,
  limit = 1000,
): Promise<{ rows: Record<string, unknown>[]; deletes: string[]; evict: string[]; cursor: string; pages: RawPage[] }> {
  const pages: RawPage[] = [];
  let next = cursor;
  for (let i = 0; i < 100; i += 1) {
    const page = await pullRaw(actor, next, limit);
    pages.push(page);
    next = page.cursor;
    if (!page.has_more) break;
  }
  return {
    rows: pages.flatMap((p) => p.changes[probe] ?? []),
    deletes: pages.flatMap((p) => p.deletes[probe] ?? []),
    evict: pages.flatMap((p) => p.evict[probe] ?? []),
    cursor: next ?? '',
    pages,
  };
}

async function insertProbeRow(fields: Record<string, unknown>): Promise<string> {
  const id = buildRowId();
  await db.query(
    `insert into public.${probe} (id, tenant_id, label, owner_id, note)
     values ($1, $2, $3, $4, $5)`,
    [id, team.tenantId, fields['label'] ?? 'probe', fields['owner_id'] ?? null, fields['note'] ?? null],
  );
  return id;
}

async function readProbeRow(id: string): Promise<Record<string, unknown> | undefined> {
  const { rows } = await db.query<Record<string, unknown>>(`select * from public.${probe} where id = $1`, [id]);
  return rows[0];
}

beforeAll(async () => {
  db = new pg.Client({ connectionString: stack.superuserUrl });
  await db.connect();
  const { rows } = await db.query<{ resource: string }>(
    `select g.resource from private.permission_grants g
      where g.action = 'read' and g.role = 'sales' and g.grant_kind = 'own' and g.resource ~ '^[a-z_]+$'
        and to_regclass('public.' || g.resource) is null
        and not exists (select 1 from private.sync_tables s where s.name = g.resource)
        and exists (select 1 from private.permission_grants o
                     where o.resource = g.resource and o.role = 'owner' and o.action = 'read' and o.grant_kind = 'allow')
        and (select count(*) from private.permission_grants o
              where o.resource = g.resource and o.role = 'owner' and o.grant_kind = 'allow'
                and o.action in ('create', 'update', 'delete')) = 3
      order by g.resource limit 1`,
  );
  expect(rows, 'a matrix resource with own reads for sales, full rights for owners, and no table').toHaveLength(1);
  probe = rows[0]!.resource;
  team = await createTeam(db, { label: 'sync-registry' });

  // A synced table as a V1 migration creates one: the synced columns, an owner, a CHECK, a rule
  // raised by a trigger (no pg_constraint row), RLS per the matrix, the stamp trigger.
  const p = probe;
  await db.query(`
    create table public.${p} (
      id uuid primary key,
      tenant_id uuid not null references public.tenants (id) on delete cascade,
      label text not null constraint ${p}_label_check check (label <> '' and length(label) <= 50),
      level integer not null default 3 constraint ${p}_level_check check (level between 0 and 10),
      note text,
      owner_id uuid references auth.users (id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz,
      _txid xid8 not null default pg_current_xact_id()
    );
    create index ${p}_tenant_id_txid_id_idx on public.${p} (tenant_id, _txid, id);
    create function private.t_${p}_rule() returns trigger language plpgsql set search_path = '' as $$
    begin
      if new.note = 'boom' then
        raise exception using errcode = 'check_violation', constraint = tg_table_name || '_note_check',
          message = 'note may not be boom';
      end if;
      return new;
    end;
    $$;
    create trigger ${p}_a_rule before insert or update on public.${p}
      for each row execute function private.t_${p}_rule();
    create trigger ${p}_z_stamp_sync_row before insert or update on public.${p}
      for each row execute function private.stamp_sync_row();
    alter table public.${p} enable row level security;
    create policy "read ${p}" on public.${p} for select to authenticated using (
      tenant_id in (select private.tenants_with('${p}', 'read', array['allow']))
      or (owner_id = (select auth.uid()) and tenant_id in (select private.tenants_with('${p}', 'read', array['own']))));
    create policy "create ${p}" on public.${p} for insert to authenticated with check (
      tenant_id in (select private.tenants_with('${p}', 'create', array['allow']))
      or (owner_id = (select auth.uid()) and tenant_id in (select private.tenants_with('${p}', 'create', array['own']))));
    create policy "update ${p}" on public.${p} for update to authenticated
      using (deleted_at is null and (tenant_id in (select private.tenants_with('${p}', 'update', array['allow']))
                                     or tenant_id in (select private.tenants_with('${p}', 'delete', array['allow']))))
      with check (tenant_id in (select private.tenants_with('${p}', case when deleted_at is null then 'update' else 'delete' end, array['allow'])));
    grant select, insert, update on public.${p} to authenticated;
    grant execute on function private.t_${p}_rule() to authenticated;
    select private.register_sync_table('${p}', ${POSITION}, array['label', 'level', 'note', 'owner_id'], array['owner_id']);
  `);
});

afterEach(async () => {
  await Promise.all(realtimeClients.splice(0).map((client) => client.close()));
});

afterAll(async () => {
  if (probe) {
    await db.query('delete from private.sync_tables where name = $1', [probe]);
    // The generated apply functions lose the probe's branches.
    await db.query('select private.refresh_sync_functions()');
    // A pull that read the registry just before has long finished (or holds the table, and the
    // drop waits for it).
    await new Promise((resolve) => setTimeout(resolve, 500));
    await db.query(`drop table if exists public.${probe}`);
    await db.query(`drop function if exists private.t_${probe}_rule()`);
  }
  await db.end();
});

describe('a table registered with private.register_sync_table', () => {
  it('gets its poke triggers and refuses a registration that lacks the synced columns', async () => {
    const { rows } = await db.query<{ tgname: string }>(
      `select tgname from pg_trigger where tgrelid = $1::regclass and tgname like '%poke%' order by tgname`,
      [`public.${probe}`],
    );
    expect(rows.map((r) => r.tgname)).toEqual([`${probe}_poke_after_insert`, `${probe}_poke_after_update`]);
    await expect(db.query(`select private.register_sync_table('tenants', 900002, array['name'])`)).rejects.toThrow(
      /has no column/,
    );
    await expect(
      db.query(`select private.register_sync_table($1, 900003, array['label', 'colour'])`, [probe]),
    ).rejects.toThrow(/no column colour/);
  });

  it('is pulled: initial sync, then changes, deletes and evictions for an own-scoped role', async () => {
    const owner = asUser(team.members.owner);
    const sales = asUser(team.members.sales);
    const mine = await insertProbeRow({ label: 'à moi', owner_id: team.members.sales.id });
    const theirs = await insertProbeRow({ label: 'au patron', owner_id: team.members.owner.id });

    const ownerInitial = await pullProbe(owner, null);
    expect(ownerInitial.rows.map((r) => r['id']).sort()).toEqual([mine, theirs].sort());
    const row = ownerInitial.rows.find((r) => r['id'] === theirs)!;
    expect(Object.keys(row).sort()).toEqual(
      ['created_at', 'id', 'label', 'level', 'note', 'owner_id', 'tenant_id', 'updated_at'].sort(),
    );
    expect(row).toMatchObject({ label: 'au patron', level: 3, note: null, tenant_id: team.tenantId });
    // The probe comes last (its position), after the tables registered before it.
    const keys = Object.keys(ownerInitial.pages[0]!.changes);
    expect(keys).toContain('companies');
    expect(keys.at(-1)).toBe(probe);

    const salesInitial = await pullProbe(sales, null);
    expect(salesInitial.rows.map((r) => r['id'])).toEqual([mine]);

    // Small pages walk the probe by keyset, within one window.
    const paged = await pullProbe(owner, null, 1);
    expect(paged.rows.map((r) => r['id']).sort()).toEqual([mine, theirs].sort());
    expect(paged.pages.length).toBeGreaterThan(2);

    // Changes: a label edited, a row deleted, the sales user's row reassigned to the owner.
    await db.query(`update public.${probe} set label = 'renommé' where id = $1`, [theirs]);
    await db.query(`update public.${probe} set owner_id = $2 where id = $1`, [mine, team.members.owner.id]);
    const gone = await insertProbeRow({ label: 'éphémère', owner_id: team.members.owner.id });
    const ownerMid = await pullProbe(owner, ownerInitial.cursor);
    expect(ownerMid.rows.map((r) => r['id']).sort()).toEqual([mine, theirs, gone].sort());
    await db.query(`update public.${probe} set deleted_at = now() where id = $1`, [gone]);

    const ownerNext = await pullProbe(owner, ownerMid.cursor);
    expect(ownerNext.rows).toEqual([]);
    expect(ownerNext.deletes).toEqual([gone]);
    expect(ownerNext.evict).toEqual([]);

    const salesNext = await pullProbe(sales, salesInitial.cursor);
    expect(salesNext.rows).toEqual([]);
    // Reassigned away from her: evicted. The others were never hers, but they changed in the
    // window and she cannot see them: evicted too (forgetting an unknown id is harmless).
    expect(salesNext.evict.sort()).toEqual([mine, theirs, gone].sort());
  });

  it('is pushed: inserts owned by the caller by default, updates, deletes, unknown and invalid fields', async () => {
    const owner = asUser(team.members.owner);
    const clientId = randomUUID();
    const [a, b, c, single] = [buildRowId(), buildRowId(), buildRowId(), buildRowId()];
    const first = expectOk(
      await push(db, owner, clientId, team.tenantId, [
        // A run of three inserts (set-based), one naming its owner.
        { mutation_id: 1, table: probe, op: 'insert', id: a, fields: { label: 'A' } },
        { mutation_id: 2, table: probe, op: 'insert', id: b, fields: { label: 'B', level: 7 } },
        { mutation_id: 3, table: probe, op: 'insert', id: c, fields: { label: 'C', owner_id: team.members.sales.id } },
        // Alone between two runs of another table: the one-by-one path.
        { mutation_id: 4, table: 'companies', op: 'insert', id: buildRowId(), fields: { name: 'Entre-deux' } },
        { mutation_id: 5, table: probe, op: 'insert', id: single, fields: { label: 'Seule' } },
      ]),
    );
    expect(first.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
    expect(await readProbeRow(a)).toMatchObject({ owner_id: team.members.owner.id, level: 3, label: 'A' });
    expect(await readProbeRow(b)).toMatchObject({ owner_id: team.members.owner.id, level: 7 });
    expect(await readProbeRow(c)).toMatchObject({ owner_id: team.members.sales.id });
    expect(await readProbeRow(single)).toMatchObject({ owner_id: team.members.owner.id, level: 3 });

    const second = expectOk(
      await push(db, owner, clientId, team.tenantId, [
        // A run of updates (field-level: the other columns keep their value) and a delete.
        { mutation_id: 6, table: probe, op: 'update', id: a, fields: { note: 'vu' } },
        { mutation_id: 7, table: probe, op: 'update', id: b, fields: { label: 'B2' } },
        { mutation_id: 8, table: probe, op: 'delete', id: c },
        { mutation_id: 9, table: probe, op: 'update', id: a, fields: { bogus: 1, label: 'x' } },
        { mutation_id: 10, table: probe, op: 'update', id: a, fields: { label: '' } },
        { mutation_id: 11, table: probe, op: 'update', id: a, fields: { level: 'high' } },
        { mutation_id: 12, table: probe, op: 'update', id: a, fields: { level: 11 } },
        { mutation_id: 13, table: probe, op: 'update', id: a, fields: { note: 'boom' } },
        { mutation_id: 14, table: probe, op: 'insert', id: buildRowId(), fields: { note: 'sans titre' } },
        { mutation_id: 15, table: probe, op: 'update', id: c, fields: { label: 'après coup' } },
        { mutation_id: 16, table: probe, op: 'update', id: buildRowId(), fields: { label: 'personne' } },
        { mutation_id: 17, table: probe, op: 'update', id: b, fields: { level: 1.5 } },
      ]),
    );
    expect(second.results).toEqual([
      { mutation_id: 6, status: 'applied' },
      { mutation_id: 7, status: 'applied' },
      { mutation_id: 8, status: 'applied' },
      { mutation_id: 9, status: 'rejected', code: 'unknown_field', fields: ['bogus'] },
      { mutation_id: 10, status: 'rejected', code: 'invalid', fields: ['label'] },
      { mutation_id: 11, status: 'rejected', code: 'invalid', fields: ['level'] },
      { mutation_id: 12, status: 'rejected', code: 'invalid', fields: ['level'] },
      // Raised by a trigger: no pg_constraint row, the field comes from the constraint's name.
      { mutation_id: 13, status: 'rejected', code: 'invalid', fields: ['note'] },
      { mutation_id: 14, status: 'rejected', code: 'invalid', fields: ['label'] },
      { mutation_id: 15, status: 'rejected', code: 'deleted', fields: [] },
      { mutation_id: 16, status: 'rejected', code: 'not_found', fields: [] },
      { mutation_id: 17, status: 'rejected', code: 'invalid', fields: ['level'] },
    ]);
    expect(await readProbeRow(a)).toMatchObject({ label: 'A', note: 'vu', level: 3 });
    expect(await readProbeRow(b)).toMatchObject({ label: 'B2', level: 7 });
    expect((await readProbeRow(c))?.['deleted_at']).not.toBeNull();

    // A set-based run where one update breaks a rule: the others still apply (halving).
    const third = expectOk(
      await push(db, owner, clientId, team.tenantId, [
        { mutation_id: 18, table: probe, op: 'update', id: a, fields: { level: 4 } },
        { mutation_id: 19, table: probe, op: 'update', id: b, fields: { note: 'boom' } },
        { mutation_id: 20, table: probe, op: 'update', id: single, fields: { level: 5 } },
      ]),
    );
    expect(third.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
    expect(third.results[1]).toMatchObject({ code: 'invalid', fields: ['note'] });
    expect(await readProbeRow(a)).toMatchObject({ level: 4 });
    expect(await readProbeRow(single)).toMatchObject({ level: 5 });

    // The matrix through RLS: sales may not create here (owner/admin/manager only).
    const sales = asUser(team.members.sales);
    const refused = expectOk(
      await push(db, sales, randomUUID(), team.tenantId, [
        { mutation_id: 1, table: probe, op: 'insert', id: buildRowId(), fields: { label: 'Interdit' } },
      ]),
    );
    expect(refused.results).toEqual([{ mutation_id: 1, status: 'rejected', code: 'forbidden', fields: [] }]);
  });

  it('refuses a table that is not registered', async () => {
    const owner = asUser(team.members.owner);
    const result = await push(db, owner, randomUUID(), team.tenantId, [
      { mutation_id: 1, table: 'tenants', op: 'insert', id: buildRowId(), fields: {} },
    ]);
    expect(result).toMatchObject({ ok: false, code: 'PT400', message: 'sync_batch_invalid' });
  });

  it('pokes the tenant once per transaction when it changes', async () => {
    const listener = await createTestClient('2.0.0', { userToken: mintUserToken(team.members.owner.id) });
    realtimeClients.push(listener);
    const { client } = listener;
    const pokes: unknown[] = [];
    const channel = client
      .channel(`tenant:${team.tenantId}:sync`, { config: { private: true } })
      .on('broadcast', { event: 'poke' }, (message) => pokes.push(message));
    expect((await subscribeChannel(channel)).status).toBe('SUBSCRIBED');

    const owner = asUser(team.members.owner);
    const clientId = randomUUID();
    const mutations = [1, 2, 3].map((n) => ({
      mutation_id: n,
      table: probe,
      op: 'insert',
      id: buildRowId(),
      fields: { label: `Poke ${n}` },
    }));
    expect(expectOk(await push(db, owner, clientId, team.tenantId, mutations)).results).toHaveLength(3);
    await waitFor(() => pokes.length >= 1, 'the first poke');
    // The marker: a second transaction (a superuser update of the probe) pokes once more.
    await db.query(`update public.${probe} set note = 'marqueur' where id = $1`, [mutations[0]!.id]);
    await waitFor(() => pokes.length >= 2, 'the second poke');
    expect(pokes).toHaveLength(2);
  });

  it('is purged of tombstones past the horizon', async () => {
    const old = await insertProbeRow({ label: 'ancienne' });
    const recent = await insertProbeRow({ label: 'récente' });
    await db.query(`update public.${probe} set deleted_at = now() - interval '40 days' where id = $1`, [old]);
    await db.query(`update public.${probe} set deleted_at = now() where id = $1`, [recent]);
    const { rows } = await db.query<{ n: number }>('select private.purge_sync_tombstones() as n');
    expect(rows[0]?.n).toBeGreaterThanOrEqual(1);
    expect(await readProbeRow(old)).toBeUndefined();
    expect(await readProbeRow(recent)).toBeDefined();
  });
});
