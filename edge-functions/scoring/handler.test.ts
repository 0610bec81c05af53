import assert from 'node:assert/strict';
import { computeTenantScores, DEFAULT_WEIGHTS, resolveWeights } from '../../shared/scoring/index.ts';
import { createHandler } from './handler.ts';
import { APPLY_BATCH_SIZE, parseScoringInputs, type ScorePayload } from './recompute.ts';

const TENANT = '019a8f00-1000-7000-8000-000000000001';
const OTHER_TENANT = '019a8f00-1000-7000-8000-000000000002';
const NOW = new Date('2026-11-20T02:30:00Z');

function createToken(claims: Record<string, unknown>): string {
  const encode = (value: unknown) =>
    btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}.signature-checked-by-the-platform`;
}

const SERVICE = `Bearer ${createToken({ role: 'service_role' })}`;
const USER = `Bearer ${createToken({ role: 'authenticated', sub: '019a8f00-1000-7000-8000-0000000000a1' })}`;

/** What public.scoring_inputs answers (timestamps as jsonb prints them). */
const INPUTS = {
  stages: [
    { id: 's-prospect', position: 1, probability: 10, kind: 'open' },
    { id: 's-demo', position: 4, probability: 60, kind: 'open' },
    { id: 's-won', position: 6, probability: 100, kind: 'won' },
  ],
  opportunities: [
    {
      id: 'o-2',
      stage_id: 's-demo',
      amount_cents: 1_200_000,
      probability: null,
      created_at: '2026-10-01T08:00:00.123456+00:00',
      stage_entered_at: '2026-10-20T08:00:00+00:00',
      company_id: 'co-1',
      contact_id: 'ct-1',
      expected_close_date: '2026-12-15',
      next_step: 'Démo sur site',
      source: 'referral',
    },
    {
      id: 'o-1',
      stage_id: 's-prospect',
      amount_cents: 300_000,
      probability: 25,
      created_at: '2026-11-18T23:30:00+00:00',
      stage_entered_at: '2026-11-18T23:30:00+00:00',
      company_id: null,
      contact_id: null,
      expected_close_date: null,
      next_step: null,
      source: null,
    },
    {
      id: 'o-3',
      stage_id: 's-won',
      amount_cents: 50_000,
      probability: null,
      created_at: '2026-09-01T08:00:00+00:00',
      stage_entered_at: '2026-11-01T08:00:00+00:00',
      company_id: 'co-1',
      contact_id: null,
      expected_close_date: null,
      next_step: null,
      source: null,
    },
  ],
  activities: [
    { kind: 'call', occurred_at: '2026-11-19T22:45:00+00:00', contact_id: 'ct-1', opportunity_id: 'o-2' },
    { kind: 'visit', occurred_at: '2026-11-12T09:00:00+00:00', contact_id: 'ct-1', opportunity_id: null },
    { kind: 'email', occurred_at: '2026-10-25T09:00:00+00:00', contact_id: 'ct-1', opportunity_id: 'o-2' },
  ],
  history: [
    { id: 'h1', opportunity_id: 'o-2', to_stage_id: 's-prospect', changed_at: '2026-10-01T08:00:00+00:00' },
    { id: 'h2', opportunity_id: 'o-2', to_stage_id: 's-demo', changed_at: '2026-10-20T08:00:00+00:00' },
  ],
  companies: [{ id: 'co-1', siret: '54205118000066', sector: 'Garage', size: '10-49' }],
  contacts: [
    {
      id: 'ct-1',
      created_at: '2026-09-01T08:00:00+00:00',
      first_name: 'Camille',
      last_name: 'Durand',
      email: 'camille@example.test',
      phone: null,
      mobile: '+33612345678',
      job_title: 'Gérante',
      company_id: 'co-1',
      last_contacted_at: '2026-11-19T22:45:00+00:00',
    },
  ],
  models: [{ kind: 'opportunity', weights: { stage: 40, amount: 0 } }],
};

type Calls = { applied: { tenantId: string; scores: ScorePayload }[]; read: string[] };

function createFakeDb(inputs: unknown = INPUTS, tenants = [TENANT]) {
  const calls: Calls = { applied: [], read: [] };
  return {
    calls,
    db: {
      listTenants: () => Promise.resolve(tenants),
      readInputs: (tenantId: string) => {
        calls.read.push(tenantId);
        return Promise.resolve(structuredClone(inputs));
      },
      applyScores: (tenantId: string, scores: ScorePayload) => {
        calls.applied.push({ tenantId, scores });
        return Promise.resolve({ opportunities: scores.opportunities.length, contacts: scores.contacts.length });
      },
    },
  };
}

const post = (authorization: string | null, body = '{}', method = 'POST') =>
  new Request('http://localhost/functions/v1/scoring', {
    method,
    headers: authorization === null ? {} : { Authorization: authorization },
    ...(method === 'GET' ? {} : { body }),
  });

Deno.test('writes exactly the scores shared/scoring computes from the same rows', async () => {
  const { db, calls } = createFakeDb();
  const handler = createHandler({ db, now: () => NOW, log: () => {} });
  const res = await handler(post(SERVICE));
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), {
    tenants: 1,
    opportunities_written: 3,
    contacts_written: 1,
    scored_at: '2026-11-20T02:30:00.000Z',
  });

  const { rows, models } = parseScoringInputs(structuredClone(INPUTS));
  const expected = computeTenantScores(rows, resolveWeights(models), NOW);
  const written = calls.applied.flatMap((c) => [...c.scores.opportunities]);
  assert.deepEqual(
    written.map((e) => e.id),
    ['o-1', 'o-2', 'o-3'],
  );
  for (const entry of written) {
    const result = expected.opportunities.get(entry.id);
    assert.ok(result);
    assert.equal(entry.score, result.score);
    assert.deepEqual(entry.explanation, { contributions: result.contributions });
  }
  const contact = calls.applied.flatMap((c) => [...c.scores.contacts])[0];
  assert.deepEqual(contact?.explanation.contributions, expected.contacts.get('ct-1')?.contributions);
  assert.equal(contact?.score, expected.contacts.get('ct-1')?.score);

  // The tenant's weights were used (stage 40, amount 0), not the defaults.
  const o2 = written.find((e) => e.id === 'o-2');
  assert.deepEqual(
    o2?.explanation.contributions.find((c) => c.signal === 'stage'),
    { signal: 'stage', points: 24, params: { probability: 60 } },
  );
  assert.equal(o2?.explanation.contributions.find((c) => c.signal === 'amount')?.points, 0);
  assert.notEqual(DEFAULT_WEIGHTS.opportunity.stage, 40);
  // The call at 23:45 Paris on the 19th is "yesterday" at 03:30 Paris on the 20th.
  assert.deepEqual(
    o2?.explanation.contributions.find((c) => c.signal === 'recency')?.params,
    { days: 1, last: 1 },
  );
  assert.equal(written.find((e) => e.id === 'o-3')?.score, 100);
});

Deno.test('scores every tenant when no tenant is named, one when named', async () => {
  const all = createFakeDb(INPUTS, [TENANT, OTHER_TENANT]);
  const res = await createHandler({ db: all.db, now: () => NOW })(post(SERVICE, ''));
  assert.equal(res.status, 200);
  assert.deepEqual(all.calls.read, [TENANT, OTHER_TENANT]);

  const one = createFakeDb(INPUTS, [TENANT, OTHER_TENANT]);
  const res2 = await createHandler({ db: one.db, now: () => NOW })(
    post(SERVICE, JSON.stringify({ tenant_id: OTHER_TENANT.toUpperCase() })),
  );
  assert.equal(res2.status, 200);
  assert.deepEqual(one.calls.read, [OTHER_TENANT]);
});

Deno.test('writes in batches of APPLY_BATCH_SIZE', async () => {
  const many = structuredClone(INPUTS);
  many.contacts = Array.from({ length: APPLY_BATCH_SIZE + 3 }, (_, i) => ({
    ...INPUTS.contacts[0]!,
    id: `ct-${String(i).padStart(4, '0')}`,
  }));
  const { db, calls } = createFakeDb(many);
  const res = await createHandler({ db, now: () => NOW })(post(SERVICE));
  assert.equal(res.status, 200);
  assert.equal((await res.json()).contacts_written, APPLY_BATCH_SIZE + 3);
  assert.deepEqual(
    calls.applied.map((c) => [c.scores.opportunities.length, c.scores.contacts.length]),
    [[3, 0], [0, APPLY_BATCH_SIZE], [0, 3]],
  );
});

Deno.test('only the service role may run the job', async () => {
  const { db, calls } = createFakeDb();
  const handler = createHandler({ db, now: () => NOW });
  const forbidden = await handler(post(USER));
  assert.equal(forbidden.status, 403);
  assert.equal((await forbidden.json()).code, 'FORBIDDEN');
  const anonymous = await handler(post(null));
  assert.equal(anonymous.status, 401);
  assert.equal(calls.read.length, 0);
});

Deno.test('refuses bad requests with a 4xx', async () => {
  const { db } = createFakeDb();
  const handler = createHandler({ db, now: () => NOW });
  assert.equal((await handler(post(SERVICE, '', 'GET'))).status, 405);
  assert.equal((await handler(post(SERVICE, '{nope'))).status, 400);
  assert.equal((await handler(post(SERVICE, '[]'))).status, 400);
  const bad = await handler(post(SERVICE, JSON.stringify({ tenant_id: 'x' })));
  assert.equal(bad.status, 400);
  assert.deepEqual((await bad.json()).details, { fields: ['tenant_id'] });
  assert.equal((await handler(post(SERVICE, 'x'.repeat(5000)))).status, 413);
  assert.equal((await handler(post(SERVICE, '', 'OPTIONS'))).status, 204);
});

Deno.test('answers 503 without internals when the database fails', async () => {
  const { db } = createFakeDb({ stages: 'nope' });
  const logs: string[] = [];
  const res = await createHandler({ db, now: () => NOW, log: (l) => logs.push(l) })(post(SERVICE));
  assert.equal(res.status, 503);
  assert.deepEqual(await res.json(), { code: 'UNAVAILABLE', userMessage: 'errors.unavailable' });
  assert.equal(logs.length, 1);
});
