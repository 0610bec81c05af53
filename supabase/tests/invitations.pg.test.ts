/**
 * The invitations edge function end to end on the real stack (gateway, Deno worker, PostgREST
 * RPC, dev mailbox): the seeded owner invites a new address, the email lands in the dev mailbox
 * with a generic subject and a link whose token the database accepts — a token that exists only
 * in that email —, a new account with that address joins with the invited role; a sales user is
 * refused with what the database says; resending kills the old link.
 */
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getStack } from '../local/test/stack-info.ts';

const stack = getStack();
const PASSWORD = 'Comptoir-demo-2026';
const GARAGE_ID = '019a8f00-1000-7000-8000-000000000001';
const MARC = 'marc.durand@garage-du-centre.test';
const CLAIRE = 'claire.petit@garage-du-centre.test';
const RUN = randomUUID().slice(0, 8);
const NEWCOMER = `nina.lopez.${RUN}@example.test`;
const CLAIRE_GUEST = `guest.of.claire.${RUN}@example.test`;
const DIRECT_GUEST = `direct.guest.${RUN}@example.test`;
/** First boot of a Deno worker compiles the function and links supabase-js. */
const FUNCTION_TIMEOUT_MS = 90_000;

type MailMessage = {
  readonly id: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly tags: Readonly<Record<string, string>>;
};

type FunctionAnswer = { readonly status: number; readonly text: string; readonly body: Record<string, unknown> };

function createAnonClient(): SupabaseClient {
  return createClient(stack.apiUrl, stack.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
  });
}

async function signIn(email: string): Promise<{ client: SupabaseClient; accessToken: string }> {
  const client = createAnonClient();
  const { data, error } = await client.auth.signInWithPassword({ email, password: PASSWORD });
  if (error || !data.session) throw new Error(`sign-in of ${email} failed: ${error?.message ?? 'no session'}`);
  return { client, accessToken: data.session.access_token };
}

async function callInvitations(accessToken: string, body: Record<string, unknown>): Promise<FunctionAnswer> {
  const res = await fetch(`${stack.apiUrl}/functions/v1/invitations`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${accessToken}`, apikey: stack.anonKey, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as Record<string, unknown> };
}

async function readMailbox(email: string): Promise<MailMessage[]> {
  const res = await fetch(`${stack.apiUrl}/_dev/mail/api/messages?to=${encodeURIComponent(email)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as MailMessage[];
}

function readToken(message: MailMessage): string {
  const fromText = /\/invitation\?token=([0-9a-f]{64})\s/.exec(message.text)?.[1];
  const fromHtml = /href="[^"]*\/invitation\?token=([0-9a-f]{64})"/.exec(message.html)?.[1];
  expect(fromText).toBeDefined();
  expect(fromHtml).toBe(fromText);
  return fromText ?? '';
}

const anon = createAnonClient();
const admin = createClient(stack.apiUrl, stack.serviceRoleKey, {
  auth: { persistSession: false, autoRefreshToken: false },
  realtime: { transport: WebSocket as never },
});
let marc: { client: SupabaseClient; accessToken: string };
let createdUserId: string | undefined;

beforeAll(async () => {
  marc = await signIn(MARC);
});

afterAll(async () => {
  // Leave the seed as found: other DB tests share this stack.
  if (createdUserId) await admin.auth.admin.deleteUser(createdUserId);
  const db = new pg.Client({ connectionString: stack.superuserUrl });
  await db.connect();
  try {
    await db.query('delete from public.invitations where email = any($1)', [[NEWCOMER, CLAIRE_GUEST, DIRECT_GUEST]]);
  } finally {
    await db.end();
  }
});

describe('invitations edge function', () => {
  let invitationId = '';
  let firstToken = '';
  let secondToken = '';

  it(
    'lets the owner invite a new address: 201 without the token, the email lands in the dev mailbox',
    async () => {
      const answer = await callInvitations(marc.accessToken, {
        tenant_id: GARAGE_ID,
        email: NEWCOMER.toUpperCase(),
        role: 'sales',
      });
      expect(answer.status).toBe(201);
      expect(Object.keys(answer.body).sort()).toEqual(['email', 'expires_at', 'invitation_id', 'role']);
      expect(answer.body).toMatchObject({ email: NEWCOMER, role: 'sales' });
      invitationId = String(answer.body['invitation_id']);

      const mail = await readMailbox(NEWCOMER);
      expect(mail).toHaveLength(1);
      const message = mail[0]!;
      expect(message.to).toEqual([NEWCOMER]);
      // Names chosen by a tenant never reach the subject (phishing relay); the body attributes them.
      expect(message.subject).toBe('Invitation à rejoindre une entreprise sur Comptoir');
      expect(message.tags).toEqual({ kind: 'invitation', invitation_id: invitationId });
      expect(message.text).toContain('Votre rôle\u00a0: Commercial');
      expect(message.text).toContain(
        'L’entreprise «\u00a0Garage du Centre\u00a0» vous invite à rejoindre son équipe sur Comptoir. Invitation envoyée par\u00a0: Marc Durand.',
      );
      expect(message.html).toContain('Comptoir ne les vérifie pas');
      firstToken = readToken(message);
      expect(answer.text).not.toContain(firstToken);
    },
    FUNCTION_TIMEOUT_MS,
  );

  it('keeps the token out of every answer the caller can read: only the service role mints one', async () => {
    const minted = await marc.client.rpc('issue_invitation_token', { p_invitation_id: invitationId });
    expect(minted.data).toBeNull();
    expect(minted.error?.code).toBe('42501');
    // Calling invite_member directly (the PWA could) answers the invitation, not a token.
    const row = await marc.client.rpc('invite_member', {
      p_tenant_id: GARAGE_ID,
      p_email: DIRECT_GUEST,
      p_role: 'member',
    });
    expect(row.error).toBeNull();
    expect(JSON.stringify(row.data)).not.toMatch(/[0-9a-f]{64}/);
    expect(Object.keys((row.data as Record<string, unknown>[])[0] ?? {})).not.toContain('token');
  });

  it('emails a token that get_invitation accepts', async () => {
    const { data, error } = await anon.rpc('get_invitation', { p_token: firstToken });
    expect(error).toBeNull();
    expect(data).toEqual([
      expect.objectContaining({
        tenant_name: 'Garage du Centre',
        email: NEWCOMER,
        role: 'sales',
        status: 'pending',
        invited_by_name: 'Marc Durand',
      }),
    ]);
  });

  it('passes the database refusal through when the address is already invited (409)', async () => {
    const answer = await callInvitations(marc.accessToken, { tenant_id: GARAGE_ID, email: NEWCOMER, role: 'member' });
    expect(answer.status).toBe(409);
    expect(answer.body).toEqual({ code: 'CONFLICT', userMessage: 'errors.rpc.already_invited', details: {} });
    expect(await readMailbox(NEWCOMER)).toHaveLength(1);
  });

  it(
    'refuses the sales user Claire with the database answer and sends nothing',
    async () => {
      const claire = await signIn(CLAIRE);
      const answer = await callInvitations(claire.accessToken, {
        tenant_id: GARAGE_ID,
        email: CLAIRE_GUEST,
        role: 'member',
      });
      expect(answer.status).toBe(403);
      expect(answer.body).toEqual({ code: 'FORBIDDEN', userMessage: 'errors.rpc.forbidden', details: {} });
      expect(await readMailbox(CLAIRE_GUEST)).toHaveLength(0);
      const db = new pg.Client({ connectionString: stack.superuserUrl });
      await db.connect();
      try {
        const { rows } = await db.query('select 1 from public.invitations where email = $1', [CLAIRE_GUEST]);
        expect(rows).toHaveLength(0);
      } finally {
        await db.end();
      }
    },
    FUNCTION_TIMEOUT_MS,
  );

  it('resends with a fresh link and the old link stops working', async () => {
    const answer = await callInvitations(marc.accessToken, { invitation_id: invitationId, resend: true });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ invitation_id: invitationId, email: NEWCOMER, role: 'sales' });

    const mail = await readMailbox(NEWCOMER);
    expect(mail).toHaveLength(2);
    secondToken = readToken(mail[0]!);
    expect(secondToken).not.toBe(firstToken);
    expect(answer.text).not.toContain(secondToken);

    const old = await anon.rpc('get_invitation', { p_token: firstToken });
    expect(old.status).toBe(404);
    expect(old.error).toMatchObject({ code: 'PT404', message: 'invitation_not_found' });
    const fresh = await anon.rpc('get_invitation', { p_token: secondToken });
    expect(fresh.error).toBeNull();
    expect(fresh.data).toEqual([expect.objectContaining({ email: NEWCOMER, status: 'pending' })]);
  });

  it('lets a new user with the invited address accept and get the role', async () => {
    const created = await admin.auth.admin.createUser({ email: NEWCOMER, password: PASSWORD, email_confirm: true });
    expect(created.error).toBeNull();
    createdUserId = created.data.user?.id;
    const newcomer = await signIn(NEWCOMER);

    const stale = await newcomer.client.rpc('accept_invitation', { p_token: firstToken });
    expect(stale.error).toMatchObject({ code: 'PT404', message: 'invitation_not_found' });

    const accepted = await newcomer.client.rpc('accept_invitation', { p_token: secondToken });
    expect(accepted.error).toBeNull();
    expect(accepted.data).toEqual([{ tenant_id: GARAGE_ID, role: 'sales' }]);

    const tenants = await newcomer.client.rpc('list_my_tenants');
    expect(tenants.error).toBeNull();
    expect(tenants.data).toEqual([expect.objectContaining({ id: GARAGE_ID, name: 'Garage du Centre', role: 'sales' })]);
  });
});
