/**
 * The invitations function's database access, in two kinds:
 * - as the caller: a supabase-js client carrying the caller's own Authorization header, so
 *   invite_member / resend_invitation / revoke_invitation run under RLS, the role-rank guard, the
 *   MFA requirement and the quotas exactly as when the PWA calls them;
 * - one call with the service role: public.issue_invitation_token, granted to service_role only.
 *   Reason: the one-time token must exist only in the email, so no caller may mint or read it;
 *   the function asks for it only after the caller's own RPC on that very invitation succeeded,
 *   which is the authorization check.
 */
import { createClient } from 'npm:@supabase/supabase-js@2.119.1';
import type { ReadEnv } from '../_shared/email/send-email.ts';
import type { CallerDatabase } from './handler.ts';

const CLIENT_OPTIONS = { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } };

function readRequired(readEnv: ReadEnv, name: string): string {
  const value = readEnv(name);
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** Opens caller-scoped database access from the function's environment. */
export function createCallerDatabaseOpener(readEnv: ReadEnv): (authorization: string) => CallerDatabase {
  return (authorization) => {
    const client = createClient(readRequired(readEnv, 'SUPABASE_URL'), readRequired(readEnv, 'SUPABASE_ANON_KEY'), {
      ...CLIENT_OPTIONS,
      global: { headers: { Authorization: authorization } },
    });
    return {
      async callRpc(fn, args) {
        const { data, error, status } = await client.rpc(fn, args);
        return { data: data as unknown, error, status };
      },
    };
  };
}

/** issue_invitation_token with the service role (see the module comment for why). */
export function createTokenIssuer(readEnv: ReadEnv): (invitationId: string) => Promise<string> {
  return async (invitationId) => {
    const client = createClient(
      readRequired(readEnv, 'SUPABASE_URL'),
      readRequired(readEnv, 'SUPABASE_SERVICE_ROLE_KEY'),
      CLIENT_OPTIONS,
    );
    const { data, error } = await client.rpc('issue_invitation_token', { p_invitation_id: invitationId });
    if (error) throw new Error(`issue_invitation_token: ${error.code ?? ''} ${error.message ?? ''}`.trim());
    if (typeof data !== 'string' || data === '') throw new Error('issue_invitation_token returned no token');
    return data;
  };
}
