/**
 * V3 finalisation (20261122130000_create_invoicing.sql): public.finalise_document checks the
 * mandatory mentions and refuses without consuming a number, numbers gaplessly under concurrency,
 * freezes the document (nothing but payments changes, through SQL as any role, sync_push or the
 * RPC again) and appends to a hash chain that public.verify_document_log checks — and that
 * shared/invoicing/hash-chain.ts verifies too.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SALES_DOCUMENT_LINE_WRITABLE_FIELDS,
  SALES_DOCUMENT_WRITABLE_FIELDS,
} from '../../shared/invoicing/documents.ts';
import { computeDocumentTotals, verifyChain, type InvoiceLine } from '../../shared/invoicing/index.ts';
import { TENANT_ROLES } from '../../shared/permissions/roles.ts';
import { getStack } from '../local/test/stack-info.ts';
import {
  asUser,
  buildCompleteInvoiceFields,
  createTeam,
  insertSalesDocument,
  setTenantLegalIdentity,
  type Team,
} from './support/fixtures.ts';
import { buildRowId, expectOk, push } from './support/sync.ts';
import { commitAs, readDetails, runAs, type DbActor } from './support/transactions.ts';

const stack = getStack();
let db: pg.Client;
let team: Team;

beforeAll(async () => {
  db = new pg.Client({ connectionString: stack.superuserUrl });
  await db.connect();
  team = await createTeam(db, { label: 'invoicing-finalise' });
  await setTenantLegalIdentity(db, team.tenantId);
});
afterAll(async () => {
  await db.end();
});

const year = (): number => Number(new Date().toLocaleString('en-CA', { timeZone: 'Europe/Paris', year: 'numeric' }));

async function finalise(id: string, actor: DbActor = asUser(team.members.sales)) {
  return commitAs<{ number: string; status: string; total_ttc_cents: string }>(
    db,
    actor,
    'select number, status, total_ttc_cents from public.finalise_document($1)',
    [id],
  );
}

async function readCounter(tenantId: string): Promise<number | null> {
  const { rows } = await db.query<{ last_value: number }>(
    `select last_value from private.document_counters where tenant_id = $1 and series = 'invoice'`,
    [tenantId],
  );
  return rows[0]?.last_value ?? null;
}

describe('finalise_document', () => {
  it('numbers, totals, snapshots and freezes a complete draft, and logs it', async () => {
    const lines = [
      {
        description: 'Pneu 205/55 R16',
        quantity_milli: 4000,
        unit: 'C62',
        unit_price_cents: 8999,
        vat_rate_bp: 2000,
        nature: 'goods',
      },
      {
        description: 'Main d’œuvre',
        quantity_milli: 1500,
        unit: 'HUR',
        unit_price_cents: 6500,
        vat_rate_bp: 2000,
        discount: { kind: 'percent', basis_points: 1000 },
      },
      {
        description: 'Livre technique',
        quantity_milli: 1000,
        unit: 'C62',
        unit_price_cents: 2990,
        vat_rate_bp: 550,
        nature: 'goods',
      },
    ];
    const id = await insertSalesDocument(
      db,
      team.tenantId,
      team.members.sales.id,
      { ...buildCompleteInvoiceFields(), operation_category: 'mixed', delivery_address: 'same_as_buyer' },
      lines,
    );
    const result = await finalise(id);
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (!result.ok) return;
    expect(result.rows[0]?.number).toBe(`${year()}-0001`);
    const { rows } = await db.query(
      'select status, seller, buyer, issue_date::text, total_ht_cents, total_vat_cents, vat_breakdown from public.sales_documents where id = $1',
      [id],
    );
    const expected = computeDocumentTotals({
      lines: lines.map((l) => ({ discount: null, vat_exemption: null, nature: 'services', ...l }) as InvoiceLine),
    });
    expect(rows[0]).toMatchObject({
      status: 'finalised',
      seller: { name: 'Garage Martin SARL', siren: '542051180', rcs_city: 'Lyon', legal_form: 'SARL' },
      buyer: { name: 'Transports Durand SAS' },
      total_ht_cents: String(expected.total_ht_cents),
      total_vat_cents: String(expected.total_vat_cents),
      vat_breakdown: expected.vat_groups,
    });
    const verified = await db.query<{ r: unknown }>('select public.verify_document_log($1) as r', [team.tenantId]);
    expect(verified.rows[0]?.r).toEqual({ ok: true, broken_at: null, entries: 1 });
  });

  it('refuses an incomplete draft with the missing mentions, consuming no number', async () => {
    const team2 = await createTeam(db, { label: 'invoicing-incomplete' });
    await setTenantLegalIdentity(db, team2.tenantId);
    await db.query('update public.tenants set siren = null, vat_number = null where id = $1', [team2.tenantId]);
    const { buyer: _buyer, due_date: _due, late_penalty_rate_bp: _rate, ...fields } = buildCompleteInvoiceFields();
    const incomplete = await insertSalesDocument(
      db,
      team2.tenantId,
      null,
      { ...fields, buyer: { kind: 'business', name: '', address: null, siren: null, vat_number: 'FR00000000000' } },
      [],
    );
    const refused = await finalise(incomplete, asUser(team2.members.owner));
    expect(refused).toMatchObject({ ok: false, code: 'PT422', message: 'document_incomplete' });
    const missing = (readDetails(refused as never)['missing'] as { code: string }[]).map((m) => m.code);
    expect(missing).toEqual(
      expect.arrayContaining([
        'LINES',
        'SELLER_SIREN',
        'SELLER_VAT_NUMBER',
        'BUYER_NAME',
        'BUYER_ADDRESS',
        'BUYER_SIREN',
        'DUE_DATE',
        'LATE_PENALTY_RATE',
      ]),
    );
    expect(await readCounter(team2.tenantId)).toBeNull();
    const status = await db.query('select status, number from public.sales_documents where id = $1', [incomplete]);
    expect(status.rows[0]).toEqual({ status: 'draft', number: null });

    // Completed, the tenant's first invoice still gets number 1.
    await setTenantLegalIdentity(db, team2.tenantId);
    const complete = await insertSalesDocument(db, team2.tenantId, null);
    const done = await finalise(complete, asUser(team2.members.owner));
    expect(done.ok && done.rows[0]?.number).toBe(`${year()}-0001`);
    expect(await readCounter(team2.tenantId)).toBe(1);
  });

  it('refuses roles without the update grant, quotes, and a second finalisation', async () => {
    const id = await insertSalesDocument(db, team.tenantId, null);
    for (const role of ['technician', 'member', 'client'] as const) {
      const result = await finalise(id, asUser(team.members[role]));
      expect(result.ok, role).toBe(false);
      expect(result.ok ? null : result.code, role).toMatch(/^PT40[34]$/);
    }
    expect((await finalise(id, { kind: 'anon' })).ok).toBe(false);
    expect((await finalise(id)).ok).toBe(true);
    expect(await finalise(id)).toMatchObject({ ok: false, code: 'PT409', message: 'document_finalised' });
    const quote = await insertSalesDocument(db, team.tenantId, null, {
      ...buildCompleteInvoiceFields(),
      kind: 'quote',
    });
    expect(await finalise(quote)).toMatchObject({ ok: false, code: 'PT409', message: 'document_not_finalisable' });
  });

  it('gives 50 concurrent finalisations 50 consecutive numbers, without gap or duplicate', async () => {
    const team3 = await createTeam(db, { label: 'invoicing-concurrent' });
    await setTenantLegalIdentity(db, team3.tenantId);
    const ids: string[] = [];
    for (let i = 0; i < 50; i += 1) ids.push(await insertSalesDocument(db, team3.tenantId, null));
    // One incomplete draft in the middle of the race: refused, it takes no number.
    const incomplete = await insertSalesDocument(db, team3.tenantId, null, { kind: 'invoice' });
    const clients = await Promise.all(
      [...ids, incomplete].map(async () => {
        const client = new pg.Client({ connectionString: stack.superuserUrl });
        await client.connect();
        return client;
      }),
    );
    try {
      const results = await Promise.all(
        [...ids, incomplete].map((id, i) =>
          commitAs<{ number: string }>(
            clients[i]!,
            asUser(team3.members.manager),
            'select number from public.finalise_document($1)',
            [id],
          ),
        ),
      );
      expect(results.filter((r) => !r.ok).map((r) => (r.ok ? null : r.message))).toEqual(['document_incomplete']);
      const numbers = results.flatMap((r) => (r.ok ? [r.rows[0]!.number] : [])).sort();
      const expected = Array.from({ length: 50 }, (_, i) => `${year()}-${String(i + 1).padStart(4, '0')}`);
      expect(numbers).toEqual(expected);
      // Chronological: numbers in the order of the log (commit order).
      const log = await db.query<{ number: string }>(
        `select payload -> 'document' ->> 'number' as number from private.document_log where tenant_id = $1 order by seq`,
        [team3.tenantId],
      );
      expect(log.rows.map((r) => r.number)).toEqual(expected);
      expect(await readCounter(team3.tenantId)).toBe(50);
      const verified = await db.query<{ r: unknown }>('select public.verify_document_log($1) as r', [team3.tenantId]);
      expect(verified.rows[0]?.r).toEqual({ ok: true, broken_at: null, entries: 50 });
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });
});

describe('a finalised document', () => {
  let id: string;
  let lineId: string;
  beforeAll(async () => {
    id = await insertSalesDocument(db, team.tenantId, team.members.sales.id);
    lineId = (await db.query<{ id: string }>('select id from public.sales_document_lines where document_id = $1', [id]))
      .rows[0]!.id;
    const done = await finalise(id);
    expect(done.ok).toBe(true);
  });

  const WRITES: readonly (readonly [string, string])[] = [
    ['an edit of the notes', `update public.sales_documents set notes = 'Modifié' where id = $1`],
    ['an edit of the total', `update public.sales_documents set total_ttc_cents = 1 where id = $1`],
    ['a renumbering', `update public.sales_documents set number = 'X-1' where id = $1`],
    ['back to draft', `update public.sales_documents set status = 'draft' where id = $1`],
    ['a tombstone', `update public.sales_documents set deleted_at = now() where id = $1`],
    ['a delete', `delete from public.sales_documents where id = $1`],
    ['a line edit', `update public.sales_document_lines set unit_price_cents = 1 where document_id = $1`],
    ['a line tombstone', `update public.sales_document_lines set deleted_at = now() where document_id = $1`],
    ['a line delete', `delete from public.sales_document_lines where document_id = $1`],
    [
      'a new line',
      `insert into public.sales_document_lines (id, tenant_id, document_id, position, description)
       select gen_random_uuid(), tenant_id, id, 9, 'Ajout' from public.sales_documents where id = $1`,
    ],
  ];
  const ACTORS: readonly (readonly [string, () => DbActor])[] = [
    ...TENANT_ROLES.map((role) => [role, () => asUser(team.members[role])] as const),
    ['service_role', () => ({ kind: 'role', role: 'service_role' }) as const],
    ['postgres', () => ({ kind: 'role', role: 'postgres' }) as const],
  ];

  it.each(WRITES)('refuses %s as every role, trusted ones included', async (_label, sql) => {
    for (const [name, actor] of ACTORS) {
      const result = await runAs(db, actor(), sql, [id]);
      // Refused by the guard (PT409), by privileges (42501), or not even visible (0 rows).
      const outcome = result.ok ? `rows ${result.rowCount}` : result.code;
      expect(['PT409', '42501', 'rows 0'], `${name}: ${outcome}`).toContain(outcome);
    }
    // The superuser is refused by the guard too.
    const su = await runAs(db, { kind: 'role', role: 'supabase_admin' }, sql, [id]);
    expect(su.ok ? `rows ${su.rowCount}` : su.code).toBe('PT409');
  });

  it('refuses updates and deletes pushed through sync_push', async () => {
    const owner = asUser(team.members.owner);
    const clientId = buildRowId();
    const response = expectOk(
      await push(db, owner, clientId, team.tenantId, [
        { mutation_id: 1, table: 'sales_documents', op: 'update', id, fields: { notes: 'Modifié' } },
        { mutation_id: 2, table: 'sales_documents', op: 'delete', id },
        { mutation_id: 3, table: 'sales_document_lines', op: 'update', id: lineId, fields: { unit_price_cents: 1 } },
        { mutation_id: 4, table: 'sales_document_lines', op: 'delete', id: lineId },
      ]),
    );
    expect(response.results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    const { rows } = await db.query('select notes, deleted_at from public.sales_documents where id = $1', [id]);
    expect(rows[0]).toEqual({ notes: null, deleted_at: null });
  });

  it('still takes payment status changes from the server', async () => {
    const result = await runAs(
      db,
      { kind: 'role', role: 'service_role' },
      `update public.sales_documents set payment_status = 'paid', paid_cents = total_ttc_cents where id = $1`,
      [id],
    );
    expect(result.ok && result.rowCount).toBe(1);
  });

  it('lets a draft be deleted (tombstoned) by a role with the delete grant', async () => {
    const draft = await insertSalesDocument(db, team.tenantId, null);
    const result = await runAs(
      db,
      asUser(team.members.sales),
      'update public.sales_documents set deleted_at = now() where id = $1',
      [draft],
    );
    expect(result.ok && result.rowCount).toBe(1);
  });

  it('cannot be finalised by a client pretending through a direct update', async () => {
    const draft = await insertSalesDocument(db, team.tenantId, null);
    const result = await runAs(
      db,
      asUser(team.members.owner),
      `update public.sales_documents set status = 'finalised', number = '2099-0001' where id = $1`,
      [draft],
    );
    expect(result.ok ? 'ok' : result.code).toBe('23514');
  });
});

describe('the inalterability log', () => {
  let tenantId: string;
  beforeAll(async () => {
    const t = await createTeam(db, { label: 'invoicing-log' });
    tenantId = t.tenantId;
    await setTenantLegalIdentity(db, tenantId);
    for (let i = 0; i < 3; i += 1) {
      const id = await insertSalesDocument(db, tenantId, null);
      expect((await finalise(id, asUser(t.members.owner))).ok).toBe(true);
    }
  });

  async function verify(): Promise<unknown> {
    return (await db.query<{ r: unknown }>('select public.verify_document_log($1) as r', [tenantId])).rows[0]?.r;
  }

  /** Runs `sql` as the superuser with triggers off (what only a superuser can do), rolled back after `check`. */
  async function tamper(sql: string, check: () => Promise<void>): Promise<void> {
    await db.query('begin');
    try {
      await db.query('set local session_replication_role = replica');
      await db.query(sql, [tenantId]);
      await db.query('set local session_replication_role = origin');
      await check();
    } finally {
      await db.query('rollback');
    }
  }

  it('verifies in SQL and with shared/invoicing verifyChain', async () => {
    expect(await verify()).toEqual({ ok: true, broken_at: null, entries: 3 });
    const { rows } = await db.query<{ payload: unknown; hash: string }>(
      'select payload, hash from private.document_log where tenant_id = $1 order by seq',
      [tenantId],
    );
    expect(await verifyChain(rows)).toEqual({ ok: true });
  });

  it('detects a document altered directly by the superuser', async () => {
    await tamper(
      `update public.sales_documents set total_ttc_cents = total_ttc_cents - 100
        where tenant_id = $1 and sequence = 2`,
      async () => expect(await verify()).toEqual({ ok: false, broken_at: 2, entries: 1 }),
    );
    await tamper(
      `update public.sales_document_lines l set unit_price_cents = 1 from public.sales_documents d
        where d.id = l.document_id and d.tenant_id = $1 and d.sequence = 3`,
      async () => expect(await verify()).toEqual({ ok: false, broken_at: 3, entries: 2 }),
    );
  });

  it('detects a log entry altered, removed or re-hashed alone', async () => {
    await tamper(
      `update private.document_log set payload = jsonb_set(payload, '{document,total_ttc_cents}', '1')
        where tenant_id = $1 and seq = 1`,
      async () => expect(await verify()).toMatchObject({ ok: false, broken_at: 1 }),
    );
    await tamper('delete from private.document_log where tenant_id = $1 and seq = 2', async () =>
      expect(await verify()).toMatchObject({ ok: false, broken_at: 2 }),
    );
    await tamper(
      `update private.document_log set hash = private.chain_hash(previous_hash, payload || '{"x": 1}'),
              payload = payload || '{"x": 1}' where tenant_id = $1 and seq = 1`,
      // Entry 1 is self-consistent again; the next link no longer follows it.
      async () => expect(await verify()).toMatchObject({ ok: false, broken_at: 2 }),
    );
  });

  it('refuses to alter the log without the superuser bypass', async () => {
    const result = await runAs(
      db,
      { kind: 'role', role: 'postgres' },
      'delete from private.document_log where tenant_id = $1',
      [tenantId],
    );
    expect(result.ok ? 'ok' : result.message).toBe('document_log_append_only');
  });

  it('answers not_found to a caller who cannot read the tenant’s documents', async () => {
    const result = await runAs(db, { kind: 'anon' }, 'select public.verify_document_log($1)', [tenantId]);
    expect(result.ok ? 'ok' : result.code).toMatch(/^(PT404|42501)$/);
  });

  it('refuses a log entry forged through the API', async () => {
    const forged = await runAs(
      db,
      asUser(team.members.owner),
      'insert into private.document_log (tenant_id) values ($1)',
      [tenantId],
    );
    expect(forged.ok ? 'ok' : forged.code).toBe('42501');
  });
});

describe('the sync registry', () => {
  it('lets clients write exactly the fields of shared/invoicing/documents.ts', async () => {
    const { rows } = await db.query<{ name: string; writable_fields: string[] }>(
      `select name, writable_fields from private.sync_tables where name in ('sales_documents', 'sales_document_lines')
        order by position`,
    );
    expect(rows).toEqual([
      { name: 'sales_documents', writable_fields: [...SALES_DOCUMENT_WRITABLE_FIELDS] },
      { name: 'sales_document_lines', writable_fields: [...SALES_DOCUMENT_LINE_WRITABLE_FIELDS] },
    ]);
  });
});
