/**
 * The invitations function's database access, in two kinds:
 * - as the caller: a supabase-js client carrying the caller's own Authorization header, so
 *   invite_member / resend_invitation / revoke_invitation run under RLS, the role-rank guard and
 *   the MFA requirement exactly as when the PWA calls them;
 * - one privileged read (SUPABASE_DB_URL, see _shared/db.ts) of what the email shows: the
 *   tenant's name, locale and time zone, and the inviter's name. Reason: resend_invitation does
 *   not return the tenant id and the REST table endpoints are not served, so no caller-scoped
 *   call can find the tenant of a resent invitation. It runs only after the caller's RPC on that
 *   very invitation succeeded, which is the authorization check, and reads no business data.
 */
import { createClient } from 'npm:@supabase/supabase-js@2.119.1';
import { getSql } from '../_shared/db.ts';
import type { ReadEnv } from '../_shared/email/send-email.ts';
import type { CallerDatabase, InvitationContext } from './handler.ts';

/** Opens caller-scoped database access from the function's environment. */
export function createCallerDatabaseOpener(readEnv: ReadEnv): (authorization: string) => CallerDatabase {
  return (authorization) => {
    const url = readEnv('SUPABASE_URL');
    const anonKey = readEnv('SUPABASE_ANON_KEY');
    if (!url || !anonKey) throw new Error('SUPABASE_URL or SUPABASE_ANON_KEY is not set');
    const client = createClient(url, anonKey, {
      global: { headers: { Authorization: authorization } },
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    });
    return {
      async callRpc(fn, args) {
        const { data, error, status } = await client.rpc(fn, args);
        return { data: data as unknown, error, status };
      },
    };
  };
}

/** Tenant presentation and inviter name for an invitation the caller was just allowed to touch. */
export async function readInvitationContext(invitationId: string, inviterId: string): Promise<InvitationContext> {
  const rows = await getSql()<{ tenant_name: string; locale: string; time_zone: string; inviter_name: string }[]>`
    select t.name as tenant_name, t.locale, t.time_zone,
           coalesce((select coalesce(nullif(trim(p.display_name), ''), u.email)
                       from auth.users u
                       left join public.profiles p on p.user_id = u.id
                      where u.id = ${inviterId}::uuid), '') as inviter_name
      from public.invitations i
      join public.tenants t on t.id = i.tenant_id
     where i.id = ${invitationId}::uuid`;
  const row = rows[0];
  if (!row) throw new Error(`invitation ${invitationId} not found for its email`);
  return { tenantName: row.tenant_name, locale: row.locale, timeZone: row.time_zone, inviterName: row.inviter_name };
}
