/**
 * The server side of the nightly scoring job (20261122120000_create_scoring_jobs.sql): the three
 * service_role-only functions the `scoring` edge function calls (scoring_inputs,
 * list_scoring_tenants, apply_scores), what apply_scores writes (only the given tenant's live rows,
 * only when a value changed), the cron job that starts it, and that a client cannot write a score
 * through sync_push. Refusals run in rolled-back transactions; the writes whose re-stamping is
 * compared (_txid, updated_at) are committed as the service role, on this file's own tenants.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TENANT_ROLES } from '../../shared/permissions/roles.ts';
import type { Actor } from '../local/test/pg-actor.ts';
import { getStack } from '../local/test/stack-info.ts';
import {
  asUser,
  createSupportGrant,
  createTeam,
  createTenant,
  createUser,
  insertOpportunity,
  insertSalesRow,
  makeOperator,
  type Team,
} from './support/fixtures.ts';
import { insertCompany, insertContact } from './support/sync.ts';
import { actThenRead, commitAs, runAs } from './support/transactions.ts';

const stack = getStack();
const SERVICE_ROLE: Actor = { kind: 'service_role' };
const MIGRATION = new URL('../migrations/20261122120000_create_scoring_jobs.sql', import.meta.url);

let db: pg.Client;
let team: Team;
let otherTeam: Team;
/** API callers other than the service role: anon, a member of every tenant role, an outsider, an operator with a support grant. */
let deniedActors: { readonly name: string; readonly actor: Actor }[];

beforeAll(async () => {
  db = new pg.Client({ connectionString: stack.superuserUrl });
  await db.connect();
  team = await createTeam(db, { label: 'scoring-jobs' });
  otherTeam = await createTeam(db, { label: 'scoring-jobs-other' });
  const outsider = await createUser(db, { label: 'scoring-outsider' });
  const operator = await createUser(db, { label: 'scoring-operator' });
  await makeOperator(db, operator.id);
  await createSupportGrant(db, { tenantId: team.tenantId, grantedBy: team.members.owner.id });
  deniedActors = [
    { name: 'anon', actor: { kind: 'anon' } },
    ...TENANT_ROLES.map((role) => ({ name: role, actor: asUser(team.members[role]) })),
    { name: 'outsider', actor: asUser(outsider) },
    { name: 'operator with a support grant', actor: asUser(operator) },
  ];
});
afterAll(async () => {
  await db.end();
});

type ScoreEntry = { readonly id: string; readonly score: unknown; readonly explanation: unknown };
type Scores = { readonly opportunities?: readonly ScoreEntry[]; readonly contacts?: readonly ScoreEntry[] };

const APPLY_SQL = 'select public.apply_scores($1::uuid, $2::jsonb) as r';

/** apply_scores as the service role, committed. */
async function applyCommitted(tenantId: string, scores: Scores): Promise<unknown> {
  const result = await commitAs<{ r: unknown }>(db, SERVICE_ROLE, APPLY_SQL, [tenantId, JSON.stringify(scores)]);
  if (!result.ok) throw new Error(`apply_scores failed: ${result.code} ${result.message}`);
  return result.rows[0]?.r;
}

type ScoreRow = {
  readonly score: number | null;
  readonly score_explanation: unknown;
  /** Text, to compare to the microsecond. */
  readonly scored_at: string | null;
  readonly txid: string;
  readonly updated_at: string;
};

/** A row's score columns and its sync stamps, read as the superuser. */
async function readScoreRow(table: 'opportunities' | 'contacts', id: string): Promise<ScoreRow> {
  const { rows } = await db.query<ScoreRow>(
    `select score, score_explanation, scored_at::text, _txid::text as txid, updated_at::text
       from public.${table} where id = $1`,
    [id],
  );
  if (!rows[0]) throw new Error(`no ${table} row ${id}`);
  return rows[0];
}

/** A live opportunity of the team, owned by the sales user. */
async function createOpportunity(tenant: Team = team): Promise<string> {
  return insertOpportunity(db, tenant.tenantId, tenant.members.sales.id);
}

const explanation = (label: string): Record<string, unknown> => ({ factors: [{ key: label, points: 10 }] });

describe('who may call the scoring functions', () => {
  const calls = (): { name: string; sql: string; params: unknown[] }[] => [
    { name: 'scoring_inputs', sql: 'select public.scoring_inputs($1::uuid) as r', params: [team.tenantId] },
    { name: 'list_scoring_tenants', sql: 'select * from public.list_scoring_tenants()', params: [] },
    { name: 'apply_scores', sql: APPLY_SQL, params: [team.tenantId, '{}'] },
  ];

  it('refuses anon and every signed-in user (42501), whatever their role in the tenant', async () => {
    for (const call of calls()) {
      for (const { name, actor } of deniedActors) {
        const result = await runAs(db, actor, call.sql, call.params);
        expect(result, `${call.name} as ${name}`).toMatchObject({
          ok: false,
          code: '42501',
          message: `permission denied for function ${call.name}`,
        });
      }
    }
  });

  it('gives EXECUTE to service_role only, not to PUBLIC, anon or authenticated', async () => {
    const { rows } = await db.query<{ fn: string; role: string; can: boolean }>(
      `select p.oid::regprocedure::text as fn, r.role,
              has_function_privilege(r.role, p.oid, 'execute') as can
         from pg_proc p, unnest(array['anon', 'authenticated', 'service_role']) r(role)
        where p.pronamespace = 'public'::regnamespace
          and p.proname in ('scoring_inputs', 'list_scoring_tenants', 'apply_scores')
        order by 1, 2`,
    );
    expect(rows).toEqual(
      ['apply_scores(uuid,jsonb)', 'list_scoring_tenants()', 'scoring_inputs(uuid)'].flatMap((fn) => [
        { fn, role: 'anon', can: false },
        { fn, role: 'authenticated', can: false },
        { fn, role: 'service_role', can: true },
      ]),
    );
    const { rows: acl } = await db.query<{ fn: string; public_can: boolean }>(
      `select p.proname as fn,
              exists (select 1 from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                       where a.grantee = 0 and a.privilege_type = 'EXECUTE') as public_can
         from pg_proc p
        where p.pronamespace = 'public'::regnamespace
          and p.proname in ('scoring_inputs', 'list_scoring_tenants', 'apply_scores')
        order by 1`,
    );
    expect(acl).toEqual([
      { fn: 'apply_scores', public_can: false },
      { fn: 'list_scoring_tenants', public_can: false },
      { fn: 'scoring_inputs', public_can: false },
    ]);
  });

  it('lets the service role call all three', async () => {
    const inputs = await runAs<{ r: Record<string, unknown> }>(db, SERVICE_ROLE, calls()[0]!.sql, calls()[0]!.params);
    expect(inputs.ok).toBe(true);
    if (!inputs.ok) return;
    expect(Object.keys(inputs.rows[0]!.r).sort()).toEqual(
      ['activities', 'companies', 'contacts', 'history', 'models', 'opportunities', 'stages'].sort(),
    );
    const tenants = await runAs(db, SERVICE_ROLE, calls()[1]!.sql);
    expect(tenants.ok).toBe(true);
    const applied = await runAs<{ r: unknown }>(db, SERVICE_ROLE, APPLY_SQL, [team.tenantId, '{}']);
    expect(applied).toMatchObject({ ok: true, rows: [{ r: { opportunities: 0, contacts: 0 } }] });
  });
});

describe('list_scoring_tenants', () => {
  it('lists the tenants with a live opportunity or contact, and only those', async () => {
    const withContact = await createTenant(db);
    await insertContact(db, withContact);
    const withOpportunity = await createTeam(db, { label: 'scoring-list' });
    await createOpportunity(withOpportunity);
    const onlyTombstones = await createTenant(db);
    await insertContact(db, onlyTombstones, { deleted_at: new Date().toISOString() });
    const empty = await createTenant(db);
    // A company alone is nothing to score.
    await insertCompany(db, empty);

    const result = await runAs<{ id: string }>(db, SERVICE_ROLE, 'select t as id from public.list_scoring_tenants() t');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const ids = result.rows.map((r) => r.id);
    expect(ids).toContain(withContact);
    expect(ids).toContain(withOpportunity.tenantId);
    expect(ids).not.toContain(onlyTombstones);
    expect(ids).not.toContain(empty);
    expect(ids).toEqual([...ids].sort());
  });
});

describe('scoring_inputs', () => {
  it("returns the tenant's live rows shared/scoring reads, and nobody else's", async () => {
    const tenant = await createTeam(db, { label: 'scoring-inputs' });
    const companyId = await insertCompany(db, tenant.tenantId, { siret: '73282932000074', sector: 'garage' });
    const contactId = await insertContact(db, tenant.tenantId, { company_id: companyId, email: 'a@b.test' });
    await insertContact(db, tenant.tenantId, { deleted_at: new Date().toISOString() });
    const opportunityId = await insertOpportunity(db, tenant.tenantId, tenant.members.sales.id, {
      company_id: companyId,
      contact_id: contactId,
      amount_cents: 120_000,
    });
    await insertSalesRow(db, 'activities', tenant.tenantId, {
      kind: 'call',
      occurred_at: new Date().toISOString(),
      contact_id: contactId,
      owner_id: tenant.members.sales.id,
    });
    await insertSalesRow(db, 'activities', tenant.tenantId, {
      kind: 'note',
      occurred_at: new Date().toISOString(),
      contact_id: contactId,
      owner_id: tenant.members.sales.id,
    });
    await insertSalesRow(db, 'scoring_models', tenant.tenantId, { kind: 'contact', weights: { email: 5 } });
    // Another tenant's rows must not leak in.
    await insertContact(db, otherTeam.tenantId);
    await createOpportunity(otherTeam);

    const result = await runAs<{ r: Record<string, Record<string, unknown>[]> }>(
      db,
      SERVICE_ROLE,
      'select public.scoring_inputs($1::uuid) as r',
      [tenant.tenantId],
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const inputs = result.rows[0]!.r;
    expect(inputs['contacts']!.map((c) => c['id'])).toEqual([contactId]);
    expect(inputs['contacts']![0]).toMatchObject({ company_id: companyId, email: 'a@b.test' });
    expect(inputs['companies']).toEqual([{ id: companyId, siret: '73282932000074', sector: 'garage', size: null }]);
    expect(inputs['opportunities']!.map((o) => o['id'])).toEqual([opportunityId]);
    expect(inputs['opportunities']![0]).toMatchObject({ amount_cents: 120_000, contact_id: contactId });
    // Interactions only: the `created` system activity of the opportunity and the note are left out.
    expect(inputs['activities']).toEqual([
      expect.objectContaining({ kind: 'call', contact_id: contactId, opportunity_id: null }),
    ]);
    expect(inputs['history']!.map((h) => h['opportunity_id'])).toEqual([opportunityId]);
    expect(inputs['stages']!.length).toBe(7);
    expect(inputs['models']).toEqual([{ kind: 'contact', weights: { email: 5 } }]);
  });

  it('refuses a malformed tenant id (22P02)', async () => {
    const result = await runAs(db, SERVICE_ROLE, 'select public.scoring_inputs($1::text::uuid)', ['not-a-uuid']);
    expect(result).toMatchObject({ ok: false, code: '22P02' });
  });
});

describe('apply_scores input checks', () => {
  const OBJECT_MESSAGE = 'p_scores must be a JSON object';
  const entryMessage = (kind: string): string =>
    `p_scores.${kind}: each entry needs a uuid id, an integer score 0..100 and an explanation object`;

  /** apply_scores as the service role, rolled back; the row it would have touched read back. */
  async function applyAndRead(
    tenantId: string | null,
    scores: unknown,
    opportunityId: string,
  ): Promise<{ result: Awaited<ReturnType<typeof runAs>>; row: unknown[] }> {
    const { result, read } = await actThenRead(
      db,
      SERVICE_ROLE,
      APPLY_SQL,
      [tenantId, scores === undefined ? null : JSON.stringify(scores)],
      'select score, score_explanation from public.opportunities where id = $1',
      [opportunityId],
    );
    return { result, row: read };
  }

  it('refuses a missing tenant or a p_scores that is not an object (22023)', async () => {
    const id = await createOpportunity();
    const cases: [string | null, unknown][] = [
      [team.tenantId, undefined],
      [null, { opportunities: [{ id, score: 50, explanation: {} }] }],
      [team.tenantId, [{ id, score: 50, explanation: {} }]],
      [team.tenantId, 'opportunities'],
      [team.tenantId, 42],
      [team.tenantId, null],
    ];
    for (const [tenantId, scores] of cases) {
      const { result, row } = await applyAndRead(tenantId, scores, id);
      expect(result, JSON.stringify([tenantId, scores])).toMatchObject({
        ok: false,
        code: '22023',
        message: OBJECT_MESSAGE,
      });
      expect(row).toEqual([{ score: null, score_explanation: null }]);
    }
  });

  it('refuses a list that is not an array (22023)', async () => {
    const id = await createOpportunity();
    for (const [kind, value] of [
      ['opportunities', { id, score: 50, explanation: {} }],
      ['opportunities', null],
      ['contacts', 'all'],
    ] as const) {
      const { result } = await applyAndRead(team.tenantId, { [kind]: value }, id);
      expect(result, `${kind}: ${JSON.stringify(value)}`).toMatchObject({
        ok: false,
        code: '22023',
        message: `p_scores.${kind} must be an array`,
      });
    }
  });

  it('refuses the whole call when one entry is malformed, present or missing fields alike (22023)', async () => {
    const id = await createOpportunity();
    const good = { id, score: 50, explanation: explanation('good') };
    const bad: unknown[] = [
      'x',
      null,
      [good],
      { ...good, id: 'not-a-uuid' },
      { ...good, id: 42 },
      { ...good, score: '50' },
      { ...good, score: 101 },
      { ...good, score: -1 },
      { ...good, score: 50.5 },
      { ...good, score: null },
      { ...good, explanation: [] },
      { ...good, explanation: 'because' },
      { ...good, explanation: null },
      // Missing fields: an entry without a score must not clear the stored one.
      { score: 50, explanation: {} },
      { id, explanation: {} },
      { id, score: 50 },
    ];
    for (const entry of bad) {
      const { result, row } = await applyAndRead(team.tenantId, { opportunities: [good, entry] }, id);
      expect(result, JSON.stringify(entry)).toMatchObject({
        ok: false,
        code: '22023',
        message: entryMessage('opportunities'),
      });
      // Refused as a whole: the good entry before it was not written either.
      expect(row, JSON.stringify(entry)).toEqual([{ score: null, score_explanation: null }]);
      const contacts = await applyAndRead(team.tenantId, { contacts: [entry] }, id);
      expect(contacts.result, `contacts ${JSON.stringify(entry)}`).toMatchObject({
        ok: false,
        code: '22023',
        message: entryMessage('contacts'),
      });
    }
  });

  it('never clears a stored score or explanation because an entry left a field out', async () => {
    const id = await createOpportunity();
    await applyCommitted(team.tenantId, { opportunities: [{ id, score: 60, explanation: explanation('kept') }] });
    for (const entry of [
      { id, explanation: {} },
      { id, score: 61 },
    ]) {
      const { result, row } = await applyAndRead(team.tenantId, { opportunities: [entry] }, id);
      expect(row, JSON.stringify(entry)).toEqual([{ score: 60, score_explanation: explanation('kept') }]);
      expect(result, JSON.stringify(entry)).toMatchObject({ ok: false, code: '22023' });
    }
  });

  it('accepts the bounds 0 and 100 and either list alone', async () => {
    const opportunityId = await createOpportunity();
    const contactId = await insertContact(db, team.tenantId, { owner_id: team.members.sales.id });
    const { result, read } = await actThenRead(
      db,
      SERVICE_ROLE,
      'select public.apply_scores($1, $2::jsonb) as a, public.apply_scores($1, $3::jsonb) as b',
      [
        team.tenantId,
        JSON.stringify({ opportunities: [{ id: opportunityId, score: 0, explanation: {} }] }),
        JSON.stringify({ contacts: [{ id: contactId, score: 100, explanation: {} }] }),
      ],
      `select (select score from public.opportunities where id = $1) as opportunity,
              (select score from public.contacts where id = $2) as contact`,
      [opportunityId, contactId],
    );
    expect(result).toMatchObject({
      ok: true,
      rows: [{ a: { opportunities: 1, contacts: 0 }, b: { opportunities: 0, contacts: 1 } }],
    });
    expect(read).toEqual([{ opportunity: 0, contact: 100 }]);
  });
});

describe('what apply_scores writes', () => {
  it('writes score, explanation and scored_at (the transaction time) on the tenant’s rows', async () => {
    const opportunityId = await createOpportunity();
    const contactId = await insertContact(db, team.tenantId, { owner_id: team.members.sales.id });
    const { result, read } = await actThenRead(
      db,
      SERVICE_ROLE,
      APPLY_SQL,
      [
        team.tenantId,
        JSON.stringify({
          opportunities: [{ id: opportunityId, score: 72, explanation: explanation('o') }],
          contacts: [{ id: contactId, score: 31, explanation: explanation('c') }],
        }),
      ],
      `select 'o' as kind, score, score_explanation, scored_at = now() as scored_now, updated_at = now() as stamped,
              _txid = pg_current_xact_id() as new_txid from public.opportunities where id = $1
       union all
       select 'c', score, score_explanation, scored_at = now(), updated_at = now(), _txid = pg_current_xact_id()
         from public.contacts where id = $2 order by 1 desc`,
      [opportunityId, contactId],
    );
    expect(result).toMatchObject({ ok: true, rows: [{ r: { opportunities: 1, contacts: 1 } }] });
    expect(read).toEqual([
      {
        kind: 'o',
        score: 72,
        score_explanation: explanation('o'),
        scored_now: true,
        stamped: true,
        new_txid: true,
      },
      {
        kind: 'c',
        score: 31,
        score_explanation: explanation('c'),
        scored_now: true,
        stamped: true,
        new_txid: true,
      },
    ]);
  });

  it('writes nothing the second time the same scores arrive (no re-stamp, so no re-pull)', async () => {
    const opportunityId = await createOpportunity();
    const contactId = await insertContact(db, team.tenantId, { owner_id: team.members.sales.id });
    const scores: Scores = {
      opportunities: [{ id: opportunityId, score: 64, explanation: explanation('same') }],
      contacts: [{ id: contactId, score: 12, explanation: explanation('same') }],
    };
    const before = await readScoreRow('opportunities', opportunityId);
    expect(await applyCommitted(team.tenantId, scores)).toEqual({ opportunities: 1, contacts: 1 });
    const first = {
      opportunity: await readScoreRow('opportunities', opportunityId),
      contact: await readScoreRow('contacts', contactId),
    };
    expect(first.opportunity.txid).not.toBe(before.txid);
    expect(first.opportunity.score).toBe(64);
    expect(first.contact.score).toBe(12);

    expect(await applyCommitted(team.tenantId, scores)).toEqual({ opportunities: 0, contacts: 0 });
    expect(await readScoreRow('opportunities', opportunityId)).toEqual(first.opportunity);
    expect(await readScoreRow('contacts', contactId)).toEqual(first.contact);
  });

  it('writes a row again when only its score or only its explanation changed', async () => {
    const id = await createOpportunity();
    await applyCommitted(team.tenantId, { opportunities: [{ id, score: 40, explanation: explanation('a') }] });
    const first = await readScoreRow('opportunities', id);

    expect(
      await applyCommitted(team.tenantId, { opportunities: [{ id, score: 41, explanation: explanation('a') }] }),
    ).toEqual({ opportunities: 1, contacts: 0 });
    const second = await readScoreRow('opportunities', id);
    expect(second.txid).not.toBe(first.txid);
    expect(second.score).toBe(41);

    expect(
      await applyCommitted(team.tenantId, { opportunities: [{ id, score: 41, explanation: explanation('b') }] }),
    ).toEqual({ opportunities: 1, contacts: 0 });
    const third = await readScoreRow('opportunities', id);
    expect(third.txid).not.toBe(second.txid);
    expect(third.score_explanation).toEqual(explanation('b'));
  });

  it("never writes another tenant's row, even when its id is passed", async () => {
    const foreignOpportunity = await createOpportunity(otherTeam);
    const foreignContact = await insertContact(db, otherTeam.tenantId);
    const ownOpportunity = await createOpportunity();
    const before = {
      opportunity: await readScoreRow('opportunities', foreignOpportunity),
      contact: await readScoreRow('contacts', foreignContact),
    };
    const written = await applyCommitted(team.tenantId, {
      opportunities: [
        { id: foreignOpportunity, score: 99, explanation: explanation('forged') },
        { id: ownOpportunity, score: 55, explanation: explanation('own') },
      ],
      contacts: [{ id: foreignContact, score: 99, explanation: explanation('forged') }],
    });
    expect(written).toEqual({ opportunities: 1, contacts: 0 });
    expect(await readScoreRow('opportunities', foreignOpportunity)).toEqual(before.opportunity);
    expect(await readScoreRow('contacts', foreignContact)).toEqual(before.contact);
    expect((await readScoreRow('opportunities', ownOpportunity)).score).toBe(55);
  });

  it('skips tombstoned rows and unknown ids', async () => {
    const tombstoned = await insertOpportunity(db, team.tenantId, team.members.sales.id, {
      deleted_at: new Date().toISOString(),
    });
    const deletedContact = await insertContact(db, team.tenantId, { deleted_at: new Date().toISOString() });
    const before = await readScoreRow('opportunities', tombstoned);
    const written = await applyCommitted(team.tenantId, {
      opportunities: [
        { id: tombstoned, score: 80, explanation: {} },
        { id: randomUUID(), score: 80, explanation: {} },
      ],
      contacts: [{ id: deletedContact, score: 80, explanation: {} }],
    });
    expect(written).toEqual({ opportunities: 0, contacts: 0 });
    expect(await readScoreRow('opportunities', tombstoned)).toEqual(before);
    expect((await readScoreRow('contacts', deletedContact)).score).toBeNull();
  });
});

describe('the nightly job', () => {
  /** The command the migration schedules, between its $cmd$ quotes. */
  function readScheduledCommand(): string {
    const sql = readFileSync(MIGRATION, 'utf8');
    const match = /cron\.schedule\('recompute-scores', '([^']*)', \$cmd\$([\s\S]*?)\$cmd\$\)/.exec(sql);
    if (!match) throw new Error('the migration schedules no recompute-scores job');
    return match[2]!;
  }

  it('is registered in cron.job at 01:30 UTC, for postgres, with the migration’s command', async () => {
    const { rows } = await db.query<{ schedule: string; command: string; username: string; active: boolean }>(
      `select schedule, command, username, active from cron.job where jobname = 'recompute-scores'`,
    );
    expect(rows).toEqual([
      { schedule: '30 1 * * *', command: readScheduledCommand(), username: 'postgres', active: true },
    ]);
  });

  it('asks the scoring function with the service-role key from Vault when it runs (as postgres)', async () => {
    const { rows: jobs } = await db.query<{ command: string }>(
      `select command from cron.job where jobname = 'recompute-scores'`,
    );
    expect(jobs.length).toBe(1);
    // Run the command as the scheduler does (logged in as the job's user), then read the queued
    // request inside the same transaction: the rollback drops it before pg_net's worker sees it.
    await db.query('begin');
    try {
      await db.query(`select set_config('role', 'postgres', true)`);
      const ran = await db.query<{ id: string }>(`select (${jobs[0]!.command.trim()})::text as id`);
      await db.query('reset role');
      const { rows } = await db.query(
        `select method, url, headers, convert_from(body, 'UTF8')::jsonb as body, timeout_milliseconds
           from net.http_request_queue where id = $1::bigint`,
        [ran.rows[0]!.id],
      );
      expect(rows).toEqual([
        {
          method: 'POST',
          url: `${stack.apiUrl}/functions/v1/scoring`,
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${stack.serviceRoleKey}` },
          body: {},
          timeout_milliseconds: 300_000,
        },
      ]);
    } finally {
      await db.query('rollback');
    }
  });
});

describe('clients cannot write scores', () => {
  const pushSql = 'select public.sync_push($1::uuid, $2::uuid, $3::jsonb) as r';

  it('rejects a sync_push that writes score columns (unknown_field) and leaves the row as it was', async () => {
    const sales = team.members.sales;
    const opportunityId = await createOpportunity();
    const contactId = await insertContact(db, team.tenantId, { owner_id: sales.id });
    await applyCommitted(team.tenantId, {
      opportunities: [{ id: opportunityId, score: 33, explanation: explanation('server') }],
      contacts: [{ id: contactId, score: 44, explanation: explanation('server') }],
    });
    const before = {
      opportunity: await readScoreRow('opportunities', opportunityId),
      contact: await readScoreRow('contacts', contactId),
    };
    const mutations = [
      { mutation_id: 1, table: 'opportunities', op: 'update', id: opportunityId, fields: { score: 99 } },
      {
        mutation_id: 2,
        table: 'opportunities',
        op: 'update',
        id: opportunityId,
        fields: { next_step: 'Relancer', score_explanation: { forged: true }, scored_at: new Date().toISOString() },
      },
      { mutation_id: 3, table: 'contacts', op: 'update', id: contactId, fields: { score: 99, first_name: 'Zoé' } },
    ];
    const { result, read } = await actThenRead(
      db,
      asUser(sales),
      pushSql,
      [randomUUID(), team.tenantId, JSON.stringify(mutations)],
      `select o.score, o.score_explanation, o.scored_at::text, o._txid::text as txid, o.updated_at::text, o.next_step,
              c.score as contact_score, c.score_explanation as contact_explanation, c.first_name,
              c._txid::text as contact_txid
         from public.opportunities o, public.contacts c where o.id = $1 and c.id = $2`,
      [opportunityId, contactId],
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect((result.rows[0] as { r: { results: unknown } }).r.results).toEqual([
      { mutation_id: 1, status: 'rejected', code: 'unknown_field', fields: ['score'] },
      { mutation_id: 2, status: 'rejected', code: 'unknown_field', fields: ['score_explanation', 'scored_at'] },
      { mutation_id: 3, status: 'rejected', code: 'unknown_field', fields: ['score'] },
    ]);
    expect(read).toEqual([
      {
        score: 33,
        score_explanation: explanation('server'),
        scored_at: before.opportunity.scored_at,
        txid: before.opportunity.txid,
        updated_at: before.opportunity.updated_at,
        next_step: null,
        contact_score: 44,
        contact_explanation: explanation('server'),
        first_name: null,
        contact_txid: before.contact.txid,
      },
    ]);
    expect(before.contact.score).toBe(44);
  });

  it('keeps the stored score when a client updates the row directly (the stamp triggers restore it)', async () => {
    const sales = team.members.sales;
    const opportunityId = await createOpportunity();
    await applyCommitted(team.tenantId, {
      opportunities: [{ id: opportunityId, score: 21, explanation: explanation('server') }],
    });
    const { result, read } = await actThenRead(
      db,
      asUser(sales),
      `update public.opportunities set score = 99, score_explanation = '{"forged": true}', scored_at = now(),
              next_step = 'Appeler' where id = $1`,
      [opportunityId],
      'select score, score_explanation, next_step from public.opportunities where id = $1',
      [opportunityId],
    );
    expect(result).toMatchObject({ ok: true, rowCount: 1 });
    expect(read).toEqual([{ score: 21, score_explanation: explanation('server'), next_step: 'Appeler' }]);
  });
});
