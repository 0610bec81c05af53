/**
 * sync_push (docs/sync.md, shared/sync/protocol.ts): applied / duplicate on replay / gap /
 * client mismatch, field-level merge of two devices, deletes win, and every rejection code with
 * its offending fields. Each push is committed (support/sync.ts) so the next one sees it.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPANY_WRITABLE_FIELDS, CONTACT_WRITABLE_FIELDS } from '../../shared/crm/index.ts';
import { getStack } from '../local/test/stack-info.ts';
import { asUser, createTeam, createUser, type Team } from './support/fixtures.ts';
import { buildRowId, expectOk, insertCompany, insertContact, push } from './support/sync.ts';
import { readDetails } from './support/transactions.ts';

const stack = getStack();
let db: pg.Client;
let team: Team;
let otherTeam: Team;

beforeAll(async () => {
  db = new pg.Client({ connectionString: stack.superuserUrl });
  await db.connect();
  team = await createTeam(db, { label: 'push' });
  otherTeam = await createTeam(db, { label: 'push-other' });
});
afterAll(async () => {
  await db.end();
});

async function readContact(id: string): Promise<Record<string, unknown> | undefined> {
  const { rows } = await db.query('select * from public.contacts where id = $1', [id]);
  return rows[0] as Record<string, unknown> | undefined;
}

describe('mutation numbers', () => {
  it('applies new mutations, answers a replay with the stored outcome, and refuses a gap', async () => {
    const actor = asUser(team.members.manager);
    const clientId = randomUUID();
    const id = buildRowId();
    const batch = [
      { mutation_id: 1, table: 'contacts', op: 'insert', id, fields: { first_name: 'Inès', last_name: 'Garcia' } },
      { mutation_id: 2, table: 'contacts', op: 'update', id, fields: { email: 'pas un email' } },
    ];
    const first = expectOk(await push(db, actor, clientId, team.tenantId, batch));
    expect(first.results).toEqual([
      { mutation_id: 1, status: 'applied' },
      { mutation_id: 2, status: 'rejected', code: 'invalid', fields: ['email'] },
    ]);
    expect(first.last_mutation_id).toBe(2);

    // The acknowledgement was lost: the client sends the batch again, plus a new mutation.
    const replay = expectOk(
      await push(db, actor, clientId, team.tenantId, [
        ...batch,
        { mutation_id: 3, table: 'contacts', op: 'update', id, fields: { job_title: 'Gérante' } },
      ]),
    );
    expect(replay.results).toEqual([
      { mutation_id: 1, status: 'duplicate', original: 'applied' },
      { mutation_id: 2, status: 'duplicate', original: 'rejected', code: 'invalid', fields: ['email'] },
      { mutation_id: 3, status: 'applied' },
    ]);
    expect(replay.last_mutation_id).toBe(3);
    expect(await readContact(id)).toMatchObject({ first_name: 'Inès', job_title: 'Gérante', email: null });

    const gap = await push(db, actor, clientId, team.tenantId, [
      { mutation_id: 5, table: 'contacts', op: 'update', id, fields: { city: 'Lyon' } },
    ]);
    expect(gap).toMatchObject({ ok: false, code: 'PT409', message: 'mutation_gap' });
    expect(readDetails(gap as never)).toEqual({ expected: 4 });
    expect((await readContact(id))?.['city']).toBeNull();
  });

  it('refuses a client id that belongs to another user or tenant (client_mismatch)', async () => {
    const clientId = randomUUID();
    const mutation = { mutation_id: 1, table: 'companies', op: 'insert', id: buildRowId(), fields: { name: 'A' } };
    expectOk(await push(db, asUser(team.members.owner), clientId, team.tenantId, [mutation]));
    const otherUser = await push(db, asUser(team.members.admin), clientId, team.tenantId, [
      { ...mutation, mutation_id: 2, id: buildRowId() },
    ]);
    expect(otherUser).toMatchObject({ ok: false, code: 'PT403', message: 'client_mismatch' });
    const alex = await createUser(db, { label: 'both' });
    await db.query(
      `insert into public.memberships (tenant_id, user_id, role) values ($1, $3, 'manager'), ($2, $3, 'manager')`,
      [team.tenantId, otherTeam.tenantId, alex.id],
    );
    const alexClient = randomUUID();
    expectOk(await push(db, asUser(alex), alexClient, team.tenantId, [{ ...mutation, id: buildRowId() }]));
    const otherTenant = await push(db, asUser(alex), alexClient, otherTeam.tenantId, [
      { ...mutation, mutation_id: 2, id: buildRowId() },
    ]);
    expect(otherTenant).toMatchObject({ ok: false, code: 'PT403', message: 'client_mismatch' });
  });

  it('refuses malformed, oversized and foreign batches as a whole', async () => {
    const actor = asUser(team.members.manager);
    const id = buildRowId();
    const ok = { mutation_id: 1, table: 'contacts', op: 'insert', id, fields: { last_name: 'Entier' } };
    const cases: [unknown, string, string][] = [
      [[], 'PT400', 'sync_batch_invalid'],
      [{}, 'PT400', 'sync_batch_invalid'],
      [[ok, { ...ok, mutation_id: 1 }], 'PT400', 'sync_batch_invalid'],
      [[ok, { ...ok, table: 'tenants', mutation_id: 2 }], 'PT400', 'sync_batch_invalid'],
      [[ok, { ...ok, op: 'upsert', mutation_id: 2 }], 'PT400', 'sync_batch_invalid'],
      [[ok, { ...ok, id: 'nope', mutation_id: 2 }], 'PT400', 'sync_batch_invalid'],
      [[ok, { ...ok, mutation_id: 2.5 }], 'PT400', 'sync_batch_invalid'],
      [[ok, { ...ok, mutation_id: 2, fields: [1] }], 'PT400', 'sync_batch_invalid'],
      [Array.from({ length: 501 }, (_, i) => ({ ...ok, mutation_id: i + 1 })), 'PT413', 'sync_batch_too_large'],
    ];
    for (const [mutations, code, message] of cases) {
      const result = await push(db, actor, randomUUID(), team.tenantId, mutations);
      expect(result, JSON.stringify(mutations).slice(0, 80)).toMatchObject({ ok: false, code, message });
    }
    const foreign = await push(db, actor, randomUUID(), otherTeam.tenantId, [ok]);
    expect(foreign).toMatchObject({ ok: false, code: 'PT403', message: 'not_a_member' });
    expect(await readContact(id)).toBeUndefined();
  });
});

describe('merge rules', () => {
  it('keeps concurrent edits of different fields; the same field resolves by server order', async () => {
    const id = await insertContact(db, team.tenantId, { first_name: 'Hugo', last_name: 'Laurent' });
    const deviceA = { actor: asUser(team.members.owner), clientId: randomUUID() };
    const deviceB = { actor: asUser(team.members.manager), clientId: randomUUID() };
    expectOk(
      await push(db, deviceA.actor, deviceA.clientId, team.tenantId, [
        { mutation_id: 1, table: 'contacts', op: 'update', id, fields: { phone: '+33478123456', city: 'Lyon' } },
      ]),
    );
    expectOk(
      await push(db, deviceB.actor, deviceB.clientId, team.tenantId, [
        { mutation_id: 1, table: 'contacts', op: 'update', id, fields: { job_title: 'Gérant', city: 'Nantes' } },
      ]),
    );
    expect(await readContact(id)).toMatchObject({
      first_name: 'Hugo',
      phone: '+33478123456',
      job_title: 'Gérant',
      city: 'Nantes',
    });
  });

  it('lets deletes win: an edit of a deleted row is rejected as deleted, a second delete is applied', async () => {
    const id = await insertContact(db, team.tenantId);
    const a = randomUUID();
    const b = randomUUID();
    expectOk(
      await push(db, asUser(team.members.owner), a, team.tenantId, [
        { mutation_id: 1, table: 'contacts', op: 'delete', id },
      ]),
    );
    const late = expectOk(
      await push(db, asUser(team.members.admin), b, team.tenantId, [
        { mutation_id: 1, table: 'contacts', op: 'update', id, fields: { notes: 'Rappeler' } },
        { mutation_id: 2, table: 'contacts', op: 'delete', id },
      ]),
    );
    expect(late.results).toEqual([
      { mutation_id: 1, status: 'rejected', code: 'deleted', fields: [] },
      { mutation_id: 2, status: 'applied' },
    ]);
    expect(await readContact(id)).toMatchObject({ notes: null });
    expect((await readContact(id))?.['deleted_at']).not.toBeNull();
  });
});

describe('rejections', () => {
  it('names the code and the offending fields, and applies the rest of the batch', async () => {
    const companyId = await insertCompany(db, team.tenantId, { siret: '44306184100047', siren: '443061841' });
    const salesContact = await insertContact(db, team.tenantId, { owner_id: team.members.sales.id });
    const othersContact = await insertContact(db, team.tenantId, { owner_id: team.members.owner.id });
    const outsider = await createUser(db, { label: 'not-member' });
    const sales = asUser(team.members.sales);
    const fresh = buildRowId();
    const response = expectOk(
      await push(db, sales, randomUUID(), team.tenantId, [
        {
          mutation_id: 1,
          table: 'contacts',
          op: 'insert',
          id: fresh,
          fields: { email: 'a@b.fr', owner_id: team.members.sales.id },
        },
        { mutation_id: 2, table: 'contacts', op: 'insert', id: fresh, fields: { email: 'c@d.fr' } },
        { mutation_id: 3, table: 'contacts', op: 'insert', id: buildRowId(), fields: { job_title: 'Sans nom' } },
        {
          mutation_id: 4,
          table: 'contacts',
          op: 'insert',
          id: buildRowId(),
          fields: { last_name: 'X', tenant_id: otherTeam.tenantId, foo: 1 },
        },
        {
          mutation_id: 5,
          table: 'contacts',
          op: 'insert',
          id: buildRowId(),
          fields: { last_name: 5, consent_marketing: 'yes', tags: 'vip' },
        },
        { mutation_id: 6, table: 'contacts', op: 'update', id: othersContact, fields: { city: 'Lyon' } },
        { mutation_id: 7, table: 'contacts', op: 'update', id: randomUUID(), fields: { city: 'Lyon' } },
        {
          mutation_id: 8,
          table: 'contacts',
          op: 'update',
          id: salesContact,
          fields: { owner_id: team.members.owner.id },
        },
        {
          mutation_id: 9,
          table: 'companies',
          op: 'insert',
          id: buildRowId(),
          fields: { name: 'Doublon', siret: '44306184100047' },
        },
        {
          mutation_id: 10,
          table: 'contacts',
          op: 'insert',
          id: buildRowId(),
          fields: { last_name: 'Y', owner_id: outsider.id },
        },
        {
          mutation_id: 11,
          table: 'contacts',
          op: 'insert',
          id: buildRowId(),
          fields: { last_name: 'Z', company_id: randomUUID() },
        },
        {
          mutation_id: 12,
          table: 'companies',
          op: 'update',
          id: companyId,
          fields: { size: 'huge', website: 'pas un site' },
        },
        {
          mutation_id: 13,
          table: 'contacts',
          op: 'update',
          id: salesContact,
          fields: { country: null, custom_fields: { a: { b: 1 } } },
        },
        {
          mutation_id: 14,
          table: 'contacts',
          op: 'update',
          id: salesContact,
          fields: { mobile: '+33612345678', tags: ['VIP'] },
        },
      ]),
    );
    expect(response.results).toEqual([
      { mutation_id: 1, status: 'applied' },
      { mutation_id: 2, status: 'rejected', code: 'conflict', fields: ['id'] },
      { mutation_id: 3, status: 'rejected', code: 'invalid', fields: ['last_name'] },
      { mutation_id: 4, status: 'rejected', code: 'unknown_field', fields: ['foo', 'tenant_id'] },
      { mutation_id: 5, status: 'rejected', code: 'invalid', fields: ['consent_marketing', 'last_name', 'tags'] },
      // Sales read only their own contacts: a colleague's is invisible to them.
      { mutation_id: 6, status: 'rejected', code: 'not_found', fields: [] },
      { mutation_id: 7, status: 'rejected', code: 'not_found', fields: [] },
      // Sales may not hand their contact to someone else (update: own).
      { mutation_id: 8, status: 'rejected', code: 'forbidden', fields: [] },
      { mutation_id: 9, status: 'rejected', code: 'conflict', fields: ['siret'] },
      { mutation_id: 10, status: 'rejected', code: 'invalid', fields: ['owner_id'] },
      { mutation_id: 11, status: 'rejected', code: 'invalid', fields: ['company_id'] },
      // Sales may not edit a company they do not own (it belongs to nobody): visible, not writable.
      { mutation_id: 12, status: 'rejected', code: 'forbidden', fields: ['size', 'website'] },
      { mutation_id: 13, status: 'rejected', code: 'invalid', fields: ['country'] },
      { mutation_id: 14, status: 'applied' },
    ]);
    expect(await readContact(salesContact)).toMatchObject({ mobile: '+33612345678', tags: ['VIP'], country: 'FR' });
  });

  it('refuses writes the matrix denies as forbidden', async () => {
    const technician = asUser(team.members.technician);
    const companyId = await insertCompany(db, team.tenantId);
    const response = expectOk(
      await push(db, technician, randomUUID(), team.tenantId, [
        { mutation_id: 1, table: 'contacts', op: 'insert', id: buildRowId(), fields: { last_name: 'Interdit' } },
        { mutation_id: 2, table: 'companies', op: 'update', id: companyId, fields: { city: 'Lyon' } },
        { mutation_id: 3, table: 'companies', op: 'delete', id: companyId },
      ]),
    );
    expect(response.results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual([
      'forbidden',
      'forbidden',
      'forbidden',
    ]);
  });

  it('makes the creator the owner unless the mutation names one, so a sales user keeps seeing it', async () => {
    const id = buildRowId();
    const response = expectOk(
      await push(db, asUser(team.members.sales), randomUUID(), team.tenantId, [
        { mutation_id: 1, table: 'contacts', op: 'insert', id, fields: { last_name: 'Sans propriétaire' } },
        { mutation_id: 2, table: 'contacts', op: 'update', id, fields: { job_title: 'Acheteur' } },
      ]),
    );
    expect(response.results).toEqual([
      { mutation_id: 1, status: 'applied' },
      { mutation_id: 2, status: 'applied' },
    ]);
    expect(await readContact(id)).toMatchObject({ owner_id: team.members.sales.id, job_title: 'Acheteur' });
  });

  it('returns the transaction id, so the client knows when a pull has seen its writes', async () => {
    const response = expectOk(
      await push(db, asUser(team.members.owner), randomUUID(), team.tenantId, [
        { mutation_id: 1, table: 'companies', op: 'insert', id: buildRowId(), fields: { name: 'Stamp' } },
      ]),
    );
    const { rows } = await db.query<{ txid: string }>(
      'select _txid::text as txid from public.companies where tenant_id = $1 and name = $2',
      [team.tenantId, 'Stamp'],
    );
    expect(rows[0]?.txid).toBe(response.txid);
  });
});

describe('contract', () => {
  it('lets clients write exactly the writable fields of shared/crm', async () => {
    const { rows } = await db.query<{ companies: string[]; contacts: string[] }>(
      `select private.sync_writable_fields('companies') as companies, private.sync_writable_fields('contacts') as contacts`,
    );
    expect(rows[0]?.companies).toEqual([...COMPANY_WRITABLE_FIELDS]);
    expect(rows[0]?.contacts).toEqual([...CONTACT_WRITABLE_FIELDS]);
  });

  it('is callable by signed-in users only', async () => {
    const { rows } = await db.query<{ role: string; pull: boolean; push: boolean }>(
      `select r as role, has_function_privilege(r, 'public.sync_pull(uuid, text, integer)', 'execute') as pull,
              has_function_privilege(r, 'public.sync_push(uuid, uuid, jsonb)', 'execute') as push
         from unnest(array['anon', 'authenticated']) r order by 1`,
    );
    expect(rows).toEqual([
      { role: 'anon', pull: false, push: false },
      { role: 'authenticated', pull: true, push: true },
    ]);
  });
});
