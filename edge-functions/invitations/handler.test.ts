import assert from 'node:assert/strict';
import { AppError } from '../../shared/errors/app-error.ts';
import type { EmailMessage, SentEmail } from '../_shared/email/send-email.ts';
import { createHandler, type InvitationContext, type RpcResult } from './handler.ts';

const MARC_ID = '019a8f00-1000-7000-8000-0000000000a1';
const TENANT_ID = '019a8f00-1000-7000-8000-000000000001';
const INVITATION_ID = '019a8f00-1000-7000-8000-0000000000f1';
const TOKEN = 'a'.repeat(64);
const NEW_TOKEN = 'b'.repeat(64);
const APP_URL = 'https://app.comptoir.test/';
const EXPIRES_AT = '2026-11-28T10:00:00+00:00';

function createToken(claims: Record<string, unknown>): string {
  const encode = (value: unknown) =>
    btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}.signature-checked-by-the-platform`;
}

const MARC_AUTHORIZATION = `Bearer ${createToken({ role: 'authenticated', sub: MARC_ID, aal: 'aal1' })}`;

const FRENCH_GARAGE: InvitationContext = {
  tenantName: 'Garage du Centre',
  locale: 'fr-FR',
  timeZone: 'Europe/Paris',
  inviterName: 'Marc Durand',
};

type RpcCall = { readonly fn: string; readonly args: Record<string, unknown> };

function issuedRow(token = TOKEN, email = 'nina.lopez@example.test'): RpcResult {
  return {
    data: [
      {
        invitation_id: INVITATION_ID,
        token,
        email,
        role: 'sales',
        expires_at: EXPIRES_AT,
        tenant_name: 'Garage du Centre',
      },
    ],
    error: null,
    status: 200,
  };
}

function refusal(code: string, status: number, details = '{}'): RpcResult {
  return { data: null, error: { code: `PT${status}`, message: code, details, hint: `errors.rpc.${code}` }, status };
}

type FakeOptions = {
  readonly rpc?: (call: RpcCall) => RpcResult | Promise<RpcResult>;
  readonly context?: InvitationContext;
  readonly readContext?: () => Promise<InvitationContext>;
  readonly send?: (message: EmailMessage) => Promise<SentEmail>;
  readonly appUrl?: string | undefined;
};

function createFakes(options: FakeOptions = {}) {
  const calls: RpcCall[] = [];
  const authorizations: string[] = [];
  const contextReads: { invitationId: string; inviterId: string }[] = [];
  const emails: EmailMessage[] = [];
  const logs: string[] = [];
  const handler = createHandler({
    openCallerDatabase(authorization) {
      authorizations.push(authorization);
      return {
        callRpc(fn, args) {
          const call = { fn, args };
          calls.push(call);
          if (options.rpc) return Promise.resolve(options.rpc(call));
          if (fn === 'revoke_invitation') return Promise.resolve({ data: null, error: null, status: 204 });
          return Promise.resolve(issuedRow(fn === 'resend_invitation' ? NEW_TOKEN : TOKEN));
        },
      };
    },
    readInvitationContext(invitationId, inviterId) {
      contextReads.push({ invitationId, inviterId });
      return options.readContext ? options.readContext() : Promise.resolve(options.context ?? FRENCH_GARAGE);
    },
    sendEmail(message) {
      emails.push(message);
      return options.send ? options.send(message) : Promise.resolve({ id: 'msg-1' });
    },
    appUrl: 'appUrl' in options ? options.appUrl : APP_URL,
    log: (line) => logs.push(line),
  });
  return { handler, calls, authorizations, contextReads, emails, logs };
}

function post(body: unknown, authorization: string | null = MARC_AUTHORIZATION): Request {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (authorization) headers['Authorization'] = authorization;
  return new Request('http://x/invitations', {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const INVITE = { tenant_id: TENANT_ID, email: '  Nina.Lopez@Example.test ', role: 'sales' };

// --- method, caller, validation -------------------------------------------------------------

Deno.test('answers 204 to a preflight and 405 to other methods', async () => {
  const { handler, calls } = createFakes();
  const preflight = await handler(new Request('http://x/invitations', { method: 'OPTIONS' }));
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
  const get = await handler(new Request('http://x/invitations', { headers: { Authorization: MARC_AUTHORIZATION } }));
  assert.equal(get.status, 405);
  assert.equal(get.headers.get('allow'), 'POST, OPTIONS');
  await get.body?.cancel();
  assert.equal(calls.length, 0);
});

Deno.test('refuses a request without a caller with 401 and touches nothing', async () => {
  const { handler, calls, emails } = createFakes();
  for (const authorization of [null, `Bearer ${createToken({ role: 'anon' })}`, 'Bearer not-a-jwt']) {
    const res = await handler(post(INVITE, authorization));
    assert.equal(res.status, 401, String(authorization));
    assert.deepEqual(await res.json(), { code: 'UNAUTHENTICATED', userMessage: 'errors.unauthenticated' });
  }
  assert.equal(calls.length, 0);
  assert.equal(emails.length, 0);
});

Deno.test('refuses malformed bodies with 400 naming the field', async () => {
  const { handler, calls } = createFakes();
  const cases: [unknown, string | undefined][] = [
    ['{not json', undefined],
    ['[1, 2]', undefined],
    ['null', undefined],
    [{ email: 'a@b.fr', role: 'sales' }, 'tenant_id'],
    [{ ...INVITE, tenant_id: 'garage' }, 'tenant_id'],
    [{ ...INVITE, tenant_id: 42 }, 'tenant_id'],
    [{ ...INVITE, email: undefined }, 'email'],
    [{ ...INVITE, email: 'not-an-email' }, 'email'],
    [{ ...INVITE, email: 'nina@localhost' }, 'email'],
    [{ ...INVITE, email: 'a,b@example.test' }, 'email'],
    [{ ...INVITE, email: 'a@example.test\nBcc: x@evil.test' }, 'email'],
    [{ ...INVITE, email: `${'n'.repeat(250)}@example.test` }, 'email'],
    [{ ...INVITE, role: 'superuser' }, 'role'],
    [{ ...INVITE, role: 'operator' }, 'role'],
    [{ invitation_id: INVITATION_ID, resend: 'yes' }, 'resend'],
    [{ resend: true }, 'invitation_id'],
    [{ invitation_id: 'x', resend: true }, 'invitation_id'],
  ];
  for (const [body, field] of cases) {
    const res = await handler(post(body));
    assert.equal(res.status, 400, JSON.stringify(body));
    const json = await res.json();
    assert.equal(json.code, 'INVALID_INPUT');
    if (field) {
      assert.deepEqual(json, { code: 'INVALID_INPUT', userMessage: 'errors.rpc.invalid_input', details: { field } });
    }
  }
  assert.equal(calls.length, 0);
});

Deno.test('refuses a body over 16 KiB with 413', async () => {
  const { handler, calls } = createFakes();
  const res = await handler(post({ ...INVITE, padding: 'x'.repeat(20_000) }));
  assert.equal(res.status, 413);
  assert.equal((await res.json()).code, 'PAYLOAD_TOO_LARGE');
  assert.equal(calls.length, 0);
});

Deno.test('answers 503 without calling the database when COMPTOIR_APP_URL is missing', async () => {
  const { handler, calls } = createFakes({ appUrl: undefined });
  const res = await handler(post(INVITE));
  assert.equal(res.status, 503);
  assert.equal((await res.json()).code, 'UNAVAILABLE');
  assert.equal(calls.length, 0);
});

// --- invite ---------------------------------------------------------------------------------

Deno.test('invites as the caller and answers 201 without the token', async () => {
  const { handler, calls, authorizations, contextReads, emails } = createFakes();
  const res = await handler(post(INVITE));
  assert.equal(res.status, 201);
  const text = await res.text();
  assert.ok(!text.includes(TOKEN));
  assert.deepEqual(JSON.parse(text), {
    invitation_id: INVITATION_ID,
    email: 'nina.lopez@example.test',
    role: 'sales',
    expires_at: EXPIRES_AT,
  });
  assert.deepEqual(authorizations, [MARC_AUTHORIZATION]);
  assert.deepEqual(calls, [
    { fn: 'invite_member', args: { p_tenant_id: TENANT_ID, p_email: 'nina.lopez@example.test', p_role: 'sales' } },
  ]);
  assert.deepEqual(contextReads, [{ invitationId: INVITATION_ID, inviterId: MARC_ID }]);
  assert.equal(emails.length, 1);
  assert.equal(emails[0]!.to, 'nina.lopez@example.test');
  assert.deepEqual(emails[0]!.tags, { kind: 'invitation', invitation_id: INVITATION_ID });
});

Deno.test('writes the email in French for a fr-FR tenant, expiry in Paris time', async () => {
  const { handler, emails } = createFakes();
  assert.equal((await handler(post(INVITE))).status, 201);
  const email = emails[0]!;
  const link = `https://app.comptoir.test/invitation?token=${TOKEN}`;
  assert.equal(email.subject, 'Marc Durand vous invite à rejoindre Garage du Centre sur Comptoir');
  assert.match(email.html, /<html lang="fr">/);
  assert.ok(email.html.includes(`href="${link}"`));
  assert.ok(email.html.includes('Accepter l’invitation'));
  assert.ok(email.html.includes('<strong>Commercial</strong>'));
  // 10:00 UTC on 28 November is 11:00 in Paris (winter time).
  assert.ok(email.html.includes('samedi 28 novembre 2026 à 11:00'), email.html);
  assert.ok(email.html.includes('Comptoir est l’application de gestion'));
  assert.ok(email.text.includes('Marc Durand vous invite à rejoindre l’équipe de Garage du Centre sur Comptoir.'));
  assert.ok(email.text.includes(`\n${link}\n`));
  assert.ok(email.text.includes('Votre rôle\u00a0: Commercial'));
  assert.ok(email.text.includes('samedi 28 novembre 2026 à 11:00'));
  assert.ok(!/<[a-z]/i.test(email.text));
});

Deno.test('writes the email in English for an en-GB tenant, expiry in its time zone', async () => {
  const { handler, emails } = createFakes({
    context: { tenantName: 'Pixel Ltd', locale: 'en-GB', timeZone: 'America/New_York', inviterName: 'Camille Moreau' },
  });
  assert.equal((await handler(post({ ...INVITE, role: 'technician' }))).status, 201);
  const email = emails[0]!;
  assert.equal(email.subject, 'Camille Moreau invited you to join Pixel Ltd on Comptoir');
  assert.match(email.html, /<html lang="en">/);
  assert.ok(email.html.includes('Accept the invitation'));
  // The fake database answers role "sales" whatever was asked: the email shows what was created.
  assert.ok(email.html.includes('<strong>Sales</strong>'));
  // 10:00 UTC is 05:00 in New York.
  assert.ok(email.html.includes('Saturday, 28 November 2026 at 05:00'), email.html);
  assert.ok(email.text.includes('Your role: Sales'));
  assert.ok(email.text.includes('Comptoir is the business app'));
});

Deno.test('escapes every value in the HTML and keeps the subject on one line', async () => {
  const { handler, emails } = createFakes({
    context: {
      tenantName: '<script>alert(1)</script> & "Fils"\nBcc: x',
      locale: 'fr-FR',
      timeZone: 'Europe/Paris',
      inviterName: 'Eve <img src=x onerror=alert(2)>',
    },
  });
  assert.equal((await handler(post(INVITE))).status, 201);
  const email = emails[0]!;
  assert.ok(!email.html.includes('<script>'));
  assert.ok(!email.html.includes('<img'));
  assert.ok(!email.html.includes('"Fils"'));
  assert.ok(email.html.includes('&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#34;Fils&#34;'));
  assert.ok(email.html.includes('Eve &#60;img src=x onerror=alert(2)&#62;'));
  assert.ok(!/[\r\n]/.test(email.subject));
  assert.equal(
    email.subject,
    'Eve <img src=x onerror=alert(2)> vous invite à rejoindre <script>alert(1)</script> & "Fils" Bcc: x sur Comptoir',
  );
});

Deno.test('falls back to Paris time when the tenant time zone is unknown', async () => {
  const { handler, emails } = createFakes({ context: { ...FRENCH_GARAGE, timeZone: 'Mars/Olympus_Mons' } });
  assert.equal((await handler(post(INVITE))).status, 201);
  assert.ok(emails[0]!.text.includes('samedi 28 novembre 2026 à 11:00'));
});

// --- database refusals ----------------------------------------------------------------------

Deno.test('passes database refusals through with their status, code and details', async () => {
  const cases: [RpcResult, number, Record<string, unknown>][] = [
    [refusal('forbidden', 403), 403, { code: 'FORBIDDEN', userMessage: 'errors.rpc.forbidden', details: {} }],
    [
      refusal('role_above_own', 403, '{"role": "owner"}'),
      403,
      { code: 'FORBIDDEN', userMessage: 'errors.rpc.role_above_own', details: { role: 'owner' } },
    ],
    [refusal('mfa_required', 403), 403, { code: 'FORBIDDEN', userMessage: 'errors.rpc.mfa_required', details: {} }],
    [
      refusal('already_invited', 409),
      409,
      { code: 'CONFLICT', userMessage: 'errors.rpc.already_invited', details: {} },
    ],
    [refusal('already_member', 409), 409, { code: 'CONFLICT', userMessage: 'errors.rpc.already_member', details: {} }],
    [
      refusal('invalid_input', 400, '{"field": "email"}'),
      400,
      { code: 'INVALID_INPUT', userMessage: 'errors.rpc.invalid_input', details: { field: 'email' } },
    ],
  ];
  for (const [answer, status, body] of cases) {
    const { handler, emails, contextReads } = createFakes({ rpc: () => answer });
    const res = await handler(post(INVITE));
    assert.equal(res.status, status, JSON.stringify(body));
    assert.deepEqual(await res.json(), body);
    assert.equal(emails.length, 0);
    assert.equal(contextReads.length, 0);
  }
});

Deno.test('maps other database failures: expired JWT → 401, no answer → 503, internals never leak', async () => {
  const expired = createFakes({
    rpc: () => ({
      data: null,
      error: { code: 'PGRST303', message: 'JWT expired', details: null, hint: null },
      status: 401,
    }),
  });
  const res401 = await expired.handler(post(INVITE));
  assert.equal(res401.status, 401);
  assert.equal((await res401.json()).code, 'UNAUTHENTICATED');

  const offline = createFakes({
    rpc: () => ({
      data: null,
      error: { code: '', message: 'TypeError: fetch failed 10.0.0.7:5432 password=secret', details: '', hint: '' },
      status: 0,
    }),
  });
  const res503 = await offline.handler(post(INVITE));
  assert.equal(res503.status, 503);
  const text = await res503.text();
  assert.ok(!text.includes('secret'));
  assert.deepEqual(JSON.parse(text), { code: 'UNAVAILABLE', userMessage: 'errors.unavailable' });
});

Deno.test('answers 500 without internals when the RPC returns an unexpected row', async () => {
  const { handler, emails } = createFakes({ rpc: () => ({ data: [], error: null, status: 200 }) });
  const res = await handler(post(INVITE));
  assert.equal(res.status, 500);
  assert.deepEqual(await res.json(), { code: 'INTERNAL', userMessage: 'errors.internal' });
  assert.equal(emails.length, 0);
});

// --- resend ---------------------------------------------------------------------------------

Deno.test('resends as the caller with a fresh link and answers 200 without the token', async () => {
  const { handler, calls, emails } = createFakes();
  const res = await handler(post({ invitation_id: INVITATION_ID.toUpperCase(), resend: true }));
  assert.equal(res.status, 200);
  const text = await res.text();
  assert.ok(!text.includes(NEW_TOKEN));
  assert.deepEqual(JSON.parse(text), {
    invitation_id: INVITATION_ID,
    email: 'nina.lopez@example.test',
    role: 'sales',
    expires_at: EXPIRES_AT,
  });
  assert.deepEqual(calls, [{ fn: 'resend_invitation', args: { p_invitation_id: INVITATION_ID } }]);
  assert.equal(emails.length, 1);
  assert.ok(emails[0]!.html.includes(`/invitation?token=${NEW_TOKEN}`));
  assert.ok(!emails[0]!.html.includes(TOKEN));
});

Deno.test('passes a resend refusal through (404 not_found)', async () => {
  const { handler, emails } = createFakes({ rpc: () => refusal('not_found', 404) });
  const res = await handler(post({ invitation_id: INVITATION_ID, resend: true }));
  assert.equal(res.status, 404);
  assert.deepEqual(await res.json(), { code: 'NOT_FOUND', userMessage: 'errors.rpc.not_found', details: {} });
  assert.equal(emails.length, 0);
});

// --- email failures -------------------------------------------------------------------------

const PROVIDER_DOWN = () => Promise.reject(new AppError('UNAVAILABLE', 'resend: answered 500 internal_server_error'));

Deno.test('revokes the new invitation and answers 503 when the email cannot be sent', async () => {
  const { handler, calls, logs } = createFakes({ send: PROVIDER_DOWN });
  const res = await handler(post(INVITE));
  assert.equal(res.status, 503);
  const text = await res.text();
  assert.deepEqual(JSON.parse(text), { code: 'UNAVAILABLE', userMessage: 'errors.rpc.invitation_email_failed' });
  assert.ok(!text.includes('resend') && !text.includes(TOKEN));
  assert.deepEqual(
    calls.map((c) => c.fn),
    ['invite_member', 'revoke_invitation'],
  );
  assert.deepEqual(calls[1]!.args, { p_invitation_id: INVITATION_ID });
  assert.ok(logs.some((line) => line.includes('internal_server_error')));
  assert.ok(logs.some((line) => line.includes(`revoked invitation ${INVITATION_ID}`)));
});

Deno.test('revokes too when the tenant cannot be read for the email', async () => {
  const { handler, calls, emails } = createFakes({ readContext: () => Promise.reject(new Error('connection reset')) });
  const res = await handler(post(INVITE));
  assert.equal(res.status, 503);
  assert.equal((await res.json()).userMessage, 'errors.rpc.invitation_email_failed');
  assert.equal(emails.length, 0);
  assert.deepEqual(
    calls.map((c) => c.fn),
    ['invite_member', 'revoke_invitation'],
  );
});

Deno.test('still answers 503 and logs it when revoking fails as well', async () => {
  const { handler, logs } = createFakes({
    send: PROVIDER_DOWN,
    rpc: ({ fn }) => (fn === 'revoke_invitation' ? refusal('mfa_required', 403) : issuedRow()),
  });
  const res = await handler(post(INVITE));
  assert.equal(res.status, 503);
  assert.equal((await res.json()).userMessage, 'errors.rpc.invitation_email_failed');
  assert.ok(logs.some((line) => line.includes(`could not revoke invitation ${INVITATION_ID}`)));
});

Deno.test('a failed resend answers 503 and revokes nothing', async () => {
  const { handler, calls } = createFakes({ send: PROVIDER_DOWN });
  const res = await handler(post({ invitation_id: INVITATION_ID, resend: true }));
  assert.equal(res.status, 503);
  assert.equal((await res.json()).userMessage, 'errors.rpc.invitation_email_failed');
  assert.deepEqual(
    calls.map((c) => c.fn),
    ['resend_invitation'],
  );
});
