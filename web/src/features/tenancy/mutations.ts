/**
 * Tenancy writes. These are server-only operations (RPCs and the `invitations` edge function),
 * not replicated rows: they need the network and either succeed or throw an AppError with a
 * translatable key — nothing is queued. Screens show the failure next to the form and keep
 * what the user typed; the database (RLS, guard triggers) stays the authority on who may do what.
 */
import { z } from 'zod';
import type { TenantRole } from '@shared/permissions/roles.ts';
import { callRpc, invokeFunction } from '@web/lib/supabase/index.ts';
import {
  sentInvitationSchema,
  type SentInvitation,
  type SupportGrant,
  type TenantRow,
  type Vertical,
} from './internal/types.ts';

/**
 * Writes run even when the browser says offline: they then fail at once with "you are offline"
 * instead of waiting, paused, behind a spinner (TanStack's default for mutations).
 */
export const FAIL_FAST_OFFLINE = { networkMode: 'always' } as const;

/** Fields create_tenant accepts in p_identity (and update_tenant in p_changes). */
export type TenantIdentity = Partial<{
  legal_name: string;
  legal_form: string;
  share_capital_cents: number | null;
  siren: string;
  siret: string;
  registry_kind: 'RCS' | 'RM' | '';
  registry_city: string;
  vat_number: string;
  address_line1: string;
  address_line2: string;
  postal_code: string;
  city: string;
  country: string;
  locale: string;
  time_zone: string;
}>;

export type TenantChanges = TenantIdentity &
  Partial<{
    name: string;
    session_timeout_minutes: number;
    mfa_required_for_admins: boolean;
    numbering_prefix: string;
  }>;

export type CreateTenantInput = {
  /** Client-generated UUIDv7: the same id on a retry cannot create a second company. */
  readonly id: string;
  readonly name: string;
  readonly vertical: Vertical;
  readonly identity: TenantIdentity;
};

export function createTenant({ id, name, vertical, identity }: CreateTenantInput): Promise<TenantRow> {
  return callRpc<TenantRow>('create_tenant', { p_id: id, p_name: name, p_vertical: vertical, p_identity: identity });
}

export function updateTenant(tenantId: string, changes: TenantChanges): Promise<TenantRow> {
  return callRpc<TenantRow>('update_tenant', { p_tenant_id: tenantId, p_changes: changes });
}

export async function deleteTenant(tenantId: string, confirmName: string): Promise<void> {
  await callRpc('delete_tenant', { p_tenant_id: tenantId, p_confirm_name: confirmName });
}

export async function changeMemberRole(membershipId: string, role: TenantRole): Promise<void> {
  await callRpc('change_member_role', { p_membership_id: membershipId, p_role: role });
}

export async function setMemberStatus(membershipId: string, status: 'active' | 'suspended'): Promise<void> {
  await callRpc('set_member_status', { p_membership_id: membershipId, p_status: status });
}

export async function removeMember(membershipId: string): Promise<void> {
  await callRpc('remove_member', { p_membership_id: membershipId });
}

export async function leaveTenant(tenantId: string): Promise<void> {
  await callRpc('leave_tenant', { p_tenant_id: tenantId });
}

/** Creates the invitation and emails the link (the function calls invite_member, then mails). */
export async function sendInvitation(input: {
  readonly tenantId: string;
  readonly email: string;
  readonly role: TenantRole;
}): Promise<SentInvitation> {
  const data = await invokeFunction('invitations', {
    body: { tenant_id: input.tenantId, email: input.email, role: input.role },
  });
  return sentInvitationSchema.parse(data);
}

/** A fresh link by email; the previous one stops working. */
export async function resendInvitation(invitationId: string): Promise<SentInvitation> {
  const data = await invokeFunction('invitations', { body: { invitation_id: invitationId, resend: true } });
  return sentInvitationSchema.parse(data);
}

export async function revokeInvitation(invitationId: string): Promise<void> {
  await callRpc('revoke_invitation', { p_invitation_id: invitationId });
}

const acceptedSchema = z.array(z.object({ tenant_id: z.string(), role: z.string() })).min(1);

/** Joins the invitation's tenant; returns its id so the app can switch to it. */
export async function acceptInvitation(token: string): Promise<{ tenant_id: string }> {
  const rows = acceptedSchema.parse(await callRpc<unknown>('accept_invitation', { p_token: token }));
  return { tenant_id: rows[0]?.tenant_id ?? '' };
}

export function grantSupportAccess(tenantId: string, hours: number, reason: string): Promise<SupportGrant> {
  return callRpc<SupportGrant>('grant_support_access', { p_tenant_id: tenantId, p_hours: hours, p_reason: reason });
}

export async function revokeSupportAccess(grantId: string): Promise<void> {
  await callRpc('revoke_support_access', { p_grant_id: grantId });
}
