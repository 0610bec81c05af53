/**
 * sync_pull (docs/sync.md): paging through one snapshot, progress, out-of-order commits,
 * tombstones, eviction of rows a user may no longer see, resets (role change, tombstone horizon),
 * membership and cursor validation. Every page is parsed with pullResponseSchema (support/sync.ts).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getStack } from '../local/test/stack-info.ts';
import { asUser, createTeam, createTenant, createUser, addMember, type Team } from './support/fixtures.ts';
import { countOtherSyncedRows, insertCompany, insertContact, expectOk, pull, pullAll, push } from './support/sync.ts';
import { beginAs, runInTransaction } from './support/transactions.ts';
import { randomUUID } from 'node:crypto';

const stack = getStack();
let db: pg.Client;
let team: Team;

beforeAll(async () => {
  db = new pg.Client({ connectionString: stack.superuserUrl });
  await db.connect();
  team = await createTeam(db, { label: 'pull' });
});
afterAll(async () => {
  await db.end();
});

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64');
}

describe('initial sync', () => {
  it('pages through one consistent snapshot with progress, and later changes land in the next window', async () => {
    const tenantId = await createTenant(db);
    const owner = await createUser(db, { label: 'pull-initial' });
    await addMember(db, tenantId, owner.id, 'owner');
    const companies = [];
    for (let i = 0; i < 5; i += 1) companies.push(await insertCompany(db, tenantId, { city: 'Lyon' }));
    const contacts = [];
    for (let i = 0; i < 25; i += 1) {
      contacts.push(await insertContact(db, tenantId, { company_id: companies[i % 5], owner_id: owner.id }));
    }
    const actor = asUser(owner);
    // Rows of the other synced tables (default pipeline stages) come after companies and contacts.
    const others = await countOtherSyncedRows(db, tenantId);

    const first = expectOk(await pull(db, actor, tenantId, null, 7));
    expect(first.progress).toEqual({ done: 7, total: 30 + others });
    expect(first.changes.companies).toHaveLength(5);
    expect(first.changes.contacts).toHaveLength(2);
    expect(first.has_more).toBe(true);
    expect(first.snapshot).toBeNull();

    // Meanwhile: a new contact, and a change to a contact not delivered yet.
    const late = await insertContact(db, tenantId, { first_name: 'Tardif' });
    const changed = contacts[20]!;
    await db.query(`update public.contacts set city = 'Villeurbanne' where id = $1`, [changed]);

    const rest = await pullAll(db, actor, tenantId, first.cursor, 7);
    const initialIds = new Set([
      ...first.changes.contacts.map((r) => r.id),
      ...rest.pages.flatMap((p) => p.changes.contacts.map((r) => r.id)),
    ]);
    // The initial window is the snapshot of the first page: the late row is not in it, the row
    // changed after it moved to the next window.
    expect(initialIds.has(late)).toBe(false);
    expect(initialIds.has(changed)).toBe(false);
    expect(initialIds.size).toBe(24);
    const last = rest.pages.at(-1)!;
    expect(last.has_more).toBe(false);
    expect(last.snapshot).toMatch(/^\d+:\d+:/);
    expect(last.progress).toEqual({ done: 29 + others, total: 30 + others });
    for (const page of rest.pages) expect(page.reset).toBe(false);

    const next = await pullAll(db, actor, tenantId, rest.cursor, 7);
    const nextRows = next.pages.flatMap((p) => p.changes.contacts);
    expect(nextRows.map((r) => r.id).sort()).toEqual([late, changed].sort());
    expect(nextRows.find((r) => r.id === changed)?.['city']).toBe('Villeurbanne');
    expect(next.pages[0]?.progress).toBeNull();
    // Caught up: an empty window.
    const idle = expectOk(await pull(db, actor, tenantId, next.cursor, 7));
    expect(Object.values(idle.changes).flat()).toEqual([]);
    expect(idle.changes.companies).toEqual([]);
    expect(idle.changes.contacts).toEqual([]);
    expect(idle.has_more).toBe(false);
  });

  it('returns rows without the internal stamp, in the shape of the shared types', async () => {
    const companyId = await insertCompany(db, team.tenantId, { siren: '542051180', tags: ['Flotte'] });
    const state = await pullAll(db, asUser(team.members.owner), team.tenantId, null);
    const row = state.rows.companies.get(companyId);
    expect(row).toMatchObject({ id: companyId, tenant_id: team.tenantId, siren: '542051180', tags: ['Flotte'] });
    expect(row).not.toHaveProperty('_txid');
    expect(row).not.toHaveProperty('deleted_at');
  });
});

describe('out-of-order commits', () => {
  it('delivers a transaction that began first but committed last on the next pull', async () => {
    const owner = team.members.owner;
    const actor = asUser(owner);
    const t1 = new pg.Client({ connectionString: stack.superuserUrl });
    const t2 = new pg.Client({ connectionString: stack.superuserUrl });
    await Promise.all([t1.connect(), t2.connect()]);
    try {
      const caughtUp = await pullAll(db, actor, team.tenantId, null);
      const early = randomUUID();
      const later = randomUUID();
      await beginAs(t1, actor);
      expect(
        await runInTransaction(t1, `insert into public.contacts (id, tenant_id, last_name) values ($1, $2, 'T1')`, [
          early,
          team.tenantId,
        ]),
      ).toMatchObject({ ok: true });
      await beginAs(t2, actor);
      await runInTransaction(t2, `insert into public.contacts (id, tenant_id, last_name) values ($1, $2, 'T2')`, [
        later,
        team.tenantId,
      ]);
      await t2.query('commit');

      const afterT2 = await pullAll(db, actor, team.tenantId, caughtUp.cursor);
      const seen = afterT2.pages.flatMap((p) => p.changes.contacts.map((r) => r.id));
      expect(seen).toContain(later);
      expect(seen).not.toContain(early);

      await t1.query('commit');
      const afterT1 = await pullAll(db, actor, team.tenantId, afterT2.cursor);
      expect(afterT1.pages.flatMap((p) => p.changes.contacts.map((r) => r.id))).toEqual([early]);
    } finally {
      await Promise.all([t1.end(), t2.end()]);
    }
  });
});

describe('deletes and revocation', () => {
  it('sends tombstones as deletes', async () => {
    const actor = asUser(team.members.manager);
    const id = await insertContact(db, team.tenantId);
    const before = await pullAll(db, actor, team.tenantId, null);
    expect(before.rows.contacts.has(id)).toBe(true);
    await db.query('update public.contacts set deleted_at = now() where id = $1', [id]);
    const after = await pullAll(db, actor, team.tenantId, before.cursor, 1000, before.rows);
    expect(after.pages.flatMap((p) => p.deletes.contacts)).toEqual([id]);
    expect(after.rows.contacts.has(id)).toBe(false);
  });

  it('evicts a contact reassigned away from a sales user, who only sees their own', async () => {
    const sales = team.members.sales;
    const actor = asUser(sales);
    const mine = await insertContact(db, team.tenantId, { owner_id: sales.id });
    const theirs = await insertContact(db, team.tenantId, { owner_id: team.members.manager.id });
    const before = await pullAll(db, actor, team.tenantId, null);
    expect(before.rows.contacts.has(mine)).toBe(true);
    expect(before.rows.contacts.has(theirs)).toBe(false);

    // The manager reassigns the contact through sync_push (RLS decides, as in the app).
    const manager = asUser(team.members.manager);
    const pushed = expectOk(
      await push(db, manager, randomUUID(), team.tenantId, [
        { mutation_id: 1, table: 'contacts', op: 'update', id: mine, fields: { owner_id: team.members.manager.id } },
      ]),
    );
    expect(pushed.results).toEqual([{ mutation_id: 1, status: 'applied' }]);

    const after = await pullAll(db, actor, team.tenantId, before.cursor, 1000, before.rows);
    expect(after.pages.flatMap((p) => p.evict.contacts)).toEqual([mine]);
    expect(after.rows.contacts.has(mine)).toBe(false);
    expect(after.pages.flatMap((p) => p.changes.contacts)).toEqual([]);
  });

  it('resets a replica when the caller’s role changed since the cursor', async () => {
    const tenantId = await createTenant(db);
    const owner = await createUser(db, { label: 'reset-owner' });
    await addMember(db, tenantId, owner.id, 'owner');
    const seller = await createUser(db, { label: 'reset-sales' });
    const membershipId = await addMember(db, tenantId, seller.id, 'sales');
    await insertContact(db, tenantId, { owner_id: owner.id });
    const actor = asUser(seller);
    const before = await pullAll(db, actor, tenantId, null);
    expect(before.rows.contacts.size).toBe(0);

    await db.query(`update public.memberships set role = 'manager' where id = $1`, [membershipId]);
    const page = expectOk(await pull(db, actor, tenantId, before.cursor));
    expect(page.reset).toBe(true);
    // A reset page is the first page of a fresh initial sync, in the new scope.
    const others = await countOtherSyncedRows(db, tenantId);
    expect(page.progress).toEqual({ done: 1 + others, total: 1 + others });
    expect(page.changes.contacts).toHaveLength(1);
  });

  it('resets a cursor older than the tombstone horizon, and purges tombstones past it', async () => {
    const actor = asUser(team.members.owner);
    const state = await pullAll(db, actor, team.tenantId, null);
    const tombstone = await insertContact(db, team.tenantId);
    await db.query(`update public.contacts set deleted_at = now() - interval '40 days' where id = $1`, [tombstone]);
    await db.query('begin');
    try {
      await db.query(`update private.sync_settings set value = '0 seconds' where key = 'tombstone_retention'`);
      await db.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [
        JSON.stringify({ sub: team.members.owner.id, role: 'authenticated' }),
      ]);
      const { rows } = await db.query<{ r: { reset: boolean } }>('select public.sync_pull($1, $2, 10) as r', [
        team.tenantId,
        state.cursor,
      ]);
      expect(rows[0]?.r.reset).toBe(true);
      await db.query('reset role');
      await db.query(`update private.sync_settings set value = '30 days' where key = 'tombstone_retention'`);
      const purged = await db.query<{ n: number }>('select private.purge_sync_tombstones() as n');
      expect(purged.rows[0]?.n).toBeGreaterThanOrEqual(1);
      const left = await db.query('select 1 from public.contacts where id = $1', [tombstone]);
      expect(left.rowCount).toBe(0);
    } finally {
      await db.query('rollback');
    }
    // Outside that transaction the default horizon (30 days) applies: no reset.
    expect(expectOk(await pull(db, actor, team.tenantId, state.cursor)).reset).toBe(false);
  });
});

describe('tombstone purge schedule', () => {
  it('is a nightly cron job running the purge', async () => {
    const { rows } = await db.query<{ schedule: string; command: string }>(
      `select schedule, command from cron.job where jobname = 'purge-sync-tombstones'`,
    );
    expect(rows).toEqual([{ schedule: '17 3 * * *', command: 'select private.purge_sync_tombstones()' }]);
  });
});

describe('refusals', () => {
  it('refuses a caller who is not a member of the tenant', async () => {
    const outsider = await createUser(db, { label: 'pull-outsider' });
    const result = await pull(db, asUser(outsider), team.tenantId, null);
    expect(result).toMatchObject({ ok: false, code: 'PT403', message: 'not_a_member' });
  });

  it('refuses a client role nothing: it pulls an empty replica', async () => {
    const state = await pullAll(db, asUser(team.members.client), team.tenantId, null);
    expect(state.rows.contacts.size + state.rows.companies.size).toBe(0);
  });

  it('answers sync_cursor_invalid (400) to garbage and forged cursors', async () => {
    const actor = asUser(team.members.owner);
    const good = expectOk(await pull(db, actor, team.tenantId, null, 1));
    const decoded = JSON.parse(Buffer.from(good.cursor, 'base64').toString('utf8')) as Record<string, unknown>;
    const cursors = [
      'garbage',
      '',
      '%%%',
      encode(42),
      encode(null),
      encode({}),
      encode({ ...decoded, tn: randomUUID() }),
      encode({ ...decoded, u: randomUUID() }),
      encode({ ...decoded, hi: '1:999999999999:' }),
      encode({ ...decoded, hi: 'not a snapshot' }),
      encode({ ...decoded, x: 'abc' }),
      // No synced table at that position (t is a registry position).
      encode({ ...decoded, t: 1000 }),
      encode({ ...decoded, t: 0 }),
      encode({ ...decoded, t: '1' }),
      encode({ ...decoded, i: 'x' }),
      encode({ ...decoded, d: -1 }),
      encode({ ...decoded, lo: null, hi: null }),
      Buffer.from([0xff, 0xfe, 0x00]).toString('base64'),
      'x'.repeat(5000),
    ];
    for (const cursor of cursors) {
      const result = await pull(db, actor, team.tenantId, cursor, 10);
      expect(result, cursor.slice(0, 60)).toMatchObject({ ok: false, code: 'PT400', message: 'sync_cursor_invalid' });
    }
  });

  it('refuses a limit out of range', async () => {
    const actor = asUser(team.members.owner);
    for (const limit of [0, -1, 10_001]) {
      expect(await pull(db, actor, team.tenantId, null, limit)).toMatchObject({
        code: 'PT400',
        message: 'invalid_input',
      });
    }
  });
});
