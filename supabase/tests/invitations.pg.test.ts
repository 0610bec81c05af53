/**
 * The invitations edge function end to end on the real stack (gateway, Deno worker, PostgREST
 * RPC, dev mailbox): the seeded owner invites a new address, the email lands in the dev mailbox
 * with a link whose token the database accepts, a new account with that address joins with the
 * invited role; a sales user is refused with what the database says; resending kills the old link.
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
    await db.query('delete from public.invitations where email = any($1)', [[NEWCOMER, CLAIRE_GUEST]]);
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
      expect(message.subject).toBe('Marc Durand vous invite à rejoindre Garage du Centre sur Comptoir');
      expect(message.tags).toEqual({ kind: 'invitation', invitation_id: invitationId });
      expect(message.text).toContain('Votre rôle\u00a0: Commercial');
      firstToken = readToken(message);
      expect(answer.text).not.toContain(firstToken);
    },
    FUNCTION_TIMEOUT_MS,
  );

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
