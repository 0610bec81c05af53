import assert from 'node:assert/strict';
import { AppError } from '../../shared/errors/app-error.ts';
import type { EmailMessage, SentEmail } from '../_shared/email/send-email.ts';
import { EmailDeliveryUnknownError } from '../_shared/email/provider-http.ts';
import { createHandler, type RpcResult } from './handler.ts';

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

/** What the email shows, as invite_member / resend_invitation return it. */
type InvitationContext = {
  readonly tenant_name: string;
  readonly tenant_locale: string;
  readonly tenant_time_zone: string;
  readonly inviter_name: string | null;
};

const FRENCH_GARAGE: InvitationContext = {
  tenant_name: 'Garage du Centre',
  tenant_locale: 'fr-FR',
  tenant_time_zone: 'Europe/Paris',
  inviter_name: 'Marc Durand',
};

type RpcCall = { readonly fn: string; readonly args: Record<string, unknown> };

function issuedRow(context: InvitationContext = FRENCH_GARAGE, email = 'nina.lopez@example.test'): RpcResult {
  return {
    data: [{ invitation_id: INVITATION_ID, email, role: 'sales', expires_at: EXPIRES_AT, ...context }],
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
  readonly issue?: (invitationId: string) => Promise<string>;
  readonly send?: (message: EmailMessage) => Promise<SentEmail>;
  readonly appUrl?: string | undefined;
};

function createFakes(options: FakeOptions = {}) {
  const calls: RpcCall[] = [];
  const authorizations: string[] = [];
  const issued: string[] = [];
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
          return Promise.resolve(issuedRow(options.context));
        },
      };
    },
    issueInvitationToken(invitationId) {
      issued.push(invitationId);
      return options.issue ? options.issue(invitationId) : Promise.resolve(TOKEN);
    },
    sendEmail(message) {
      emails.push(message);
      return options.send ? options.send(message) : Promise.resolve({ id: 'msg-1' });
    },
    appUrl: 'appUrl' in options ? options.appUrl : APP_URL,
    log: (line) => logs.push(line),
  });
  return { handler, calls, authorizations, issued, emails, logs };
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

Deno.test('invites as the caller, mints the token with the service role, answers 201 without it', async () => {
  const { handler, calls, authorizations, issued, emails } = createFakes();
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
  // The token is minted for that invitation only after the caller's RPC succeeded.
  assert.deepEqual(issued, [INVITATION_ID]);
  assert.equal(emails.length, 1);
  assert.equal(emails[0]!.to, 'nina.lopez@example.test');
  assert.deepEqual(emails[0]!.tags, { kind: 'invitation', invitation_id: INVITATION_ID });
});

Deno.test('writes the email in French for a fr-FR tenant, expiry in Paris time', async () => {
  const { handler, emails } = createFakes();
  assert.equal((await handler(post(INVITE))).status, 201);
  const email = emails[0]!;
  const link = `https://app.comptoir.test/invitation?token=${TOKEN}`;
  assert.equal(email.subject, 'Invitation à rejoindre une entreprise sur Comptoir');
  assert.match(email.html, /<html lang="fr">/);
  assert.ok(email.html.includes(`href="${link}"`));
  assert.ok(email.html.includes('Accepter l’invitation'));
  assert.ok(email.html.includes('<strong>Commercial</strong>'));
  // 10:00 UTC on 28 November is 11:00 in Paris (winter time).
  assert.ok(email.html.includes('samedi 28 novembre 2026 à 11:00'), email.html);
  assert.ok(email.html.includes('Comptoir est l’application de gestion'));
  assert.ok(
    email.text.includes(
      'L’entreprise «\u00a0Garage du Centre\u00a0» vous invite à rejoindre son équipe sur Comptoir. Invitation envoyée par\u00a0: Marc Durand.',
    ),
    email.text,
  );
  assert.ok(email.text.includes('Comptoir ne les vérifie pas'));
  assert.ok(email.html.includes('Comptoir ne les vérifie pas'));
  assert.ok(email.text.includes(`\n${link}\n`));
  assert.ok(email.text.includes('Votre rôle\u00a0: Commercial'));
  assert.ok(email.text.includes('samedi 28 novembre 2026 à 11:00'));
  assert.ok(!/<[a-z]/i.test(email.text));
});

Deno.test('writes the email in English for an en-GB tenant, expiry in its time zone', async () => {
  const { handler, emails } = createFakes({
    context: {
      tenant_name: 'Pixel Ltd',
      tenant_locale: 'en-GB',
      tenant_time_zone: 'America/New_York',
      inviter_name: 'Camille Moreau',
    },
  });
  assert.equal((await handler(post({ ...INVITE, role: 'technician' }))).status, 201);
  const email = emails[0]!;
  assert.equal(email.subject, 'Invitation to join a company on Comptoir');
  assert.ok(
    email.text.includes(
      'The company “Pixel Ltd” invites you to join its team on Comptoir. Invitation sent by: Camille Moreau.',
    ),
  );
  assert.ok(email.text.includes('Comptoir does not check them'));
  assert.match(email.html, /<html lang="en">/);
  assert.ok(email.html.includes('Accept the invitation'));
  // The fake database answers role "sales" whatever was asked: the email shows what was created.
  assert.ok(email.html.includes('<strong>Sales</strong>'));
  // 10:00 UTC is 05:00 in New York.
  assert.ok(email.html.includes('Saturday, 28 November 2026 at 05:00'), email.html);
  assert.ok(email.text.includes('Your role: Sales'));
  assert.ok(email.text.includes('Comptoir is the business app'));
});

Deno.test('keeps attacker-chosen names out of the subject and heading, escaped in the body', async () => {
  const { handler, emails } = createFakes({
    context: {
      tenant_name: '<script>alert(1)</script> & "Fils"\nBcc: x',
      tenant_locale: 'fr-FR',
      tenant_time_zone: 'Europe/Paris',
      inviter_name: 'Eve <img src=x onerror=alert(2)>',
    },
  });
  assert.equal((await handler(post(INVITE))).status, 201);
  const email = emails[0]!;
  assert.ok(!email.html.includes('<script>'));
  assert.ok(!email.html.includes('<img'));
  assert.ok(!email.html.includes('"Fils"'));
  assert.ok(email.html.includes('&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#34;Fils&#34; Bcc: x'));
  assert.ok(email.html.includes('Eve &#60;img src=x onerror=alert(2)&#62;'));
  assert.equal(email.subject, 'Invitation à rejoindre une entreprise sur Comptoir');
  // The <title> and the heading are generic too: mail clients show them in previews.
  const title = /<title>([^<]*)<\/title>/.exec(email.html)?.[1] ?? '';
  const heading = /<h1[^>]*>([^<]*)<\/h1>/.exec(email.html)?.[1] ?? '';
  for (const shown of [email.subject, title, heading]) {
    assert.ok(!shown.includes('Fils') && !shown.includes('Eve'), shown);
  }
});

Deno.test('a phishing tenant name never reaches the subject, in either language', async () => {
  for (const locale of ['fr-FR', 'en-GB']) {
    const { handler, emails } = createFakes({
      context: {
        tenant_name: 'Votre banque : compte suspendu',
        tenant_locale: locale,
        tenant_time_zone: 'Europe/Paris',
        inviter_name: 'Service sécurité',
      },
    });
    assert.equal((await handler(post(INVITE))).status, 201);
    const subject = emails[0]!.subject;
    assert.ok(!subject.includes('banque') && !subject.includes('sécurité'), subject);
    assert.ok(emails[0]!.text.includes('Votre banque : compte suspendu'));
  }
});

Deno.test('falls back to Paris time when the tenant time zone is unknown', async () => {
  const { handler, emails } = createFakes({ context: { ...FRENCH_GARAGE, tenant_time_zone: 'Mars/Olympus_Mons' } });
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
    const { handler, emails, issued } = createFakes({ rpc: () => answer });
    const res = await handler(post(INVITE));
    assert.equal(res.status, status, JSON.stringify(body));
    assert.deepEqual(await res.json(), body);
    assert.equal(res.headers.get('retry-after'), null);
    assert.equal(emails.length, 0);
    assert.equal(issued.length, 0, 'no token for a refused call');
  }
});

Deno.test('passes the invitation quota through: 429 too_many_invitations with its wait and Retry-After', async () => {
  const { handler, emails, issued } = createFakes({
    rpc: () => refusal('too_many_invitations', 429, '{"retry_after_seconds": 1800}'),
  });
  const res = await handler(post(INVITE));
  assert.equal(res.status, 429);
  assert.equal(res.headers.get('retry-after'), '1800');
  assert.deepEqual(await res.json(), {
    code: 'RATE_LIMITED',
    userMessage: 'errors.rpc.too_many_invitations',
    details: { retry_after_seconds: 1800 },
  });
  assert.equal(emails.length, 0);
  assert.equal(issued.length, 0);
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
  const { handler, calls, issued, emails } = createFakes({ issue: () => Promise.resolve(NEW_TOKEN) });
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
  assert.deepEqual(issued, [INVITATION_ID]);
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

Deno.test('revokes too when the token cannot be minted', async () => {
  const { handler, calls, emails } = createFakes({ issue: () => Promise.reject(new Error('connection reset')) });
  const res = await handler(post(INVITE));
  assert.equal(res.status, 503);
  assert.equal((await res.json()).userMessage, 'errors.rpc.invitation_email_failed');
  assert.equal(emails.length, 0);
  assert.deepEqual(
    calls.map((c) => c.fn),
    ['invite_member', 'revoke_invitation'],
  );
});

Deno.test('does not revoke when the provider timed out (delivery unknown): 503 invitation_email_unknown', async () => {
  const timedOut = () =>
    Promise.reject(new EmailDeliveryUnknownError('resend', new DOMException('Signal timed out.', 'TimeoutError')));
  const { handler, calls, logs } = createFakes({ send: timedOut });
  const res = await handler(post(INVITE));
  assert.equal(res.status, 503);
  const text = await res.text();
  assert.deepEqual(JSON.parse(text), { code: 'UNAVAILABLE', userMessage: 'errors.rpc.invitation_email_unknown' });
  assert.ok(!text.includes(TOKEN));
  assert.deepEqual(
    calls.map((c) => c.fn),
    ['invite_member'],
    'an email that may arrive keeps its link alive',
  );
  assert.ok(logs.some((line) => line.includes('may or may not be sent')));

  const resend = createFakes({ send: timedOut });
  const resent = await resend.handler(post({ invitation_id: INVITATION_ID, resend: true }));
  assert.equal(resent.status, 503);
  assert.equal((await resent.json()).userMessage, 'errors.rpc.invitation_email_unknown');
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
