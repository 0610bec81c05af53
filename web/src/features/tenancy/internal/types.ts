/**
 * Rows the tenancy RPCs return (supabase/migrations/*_create_tenancy_rpcs.sql), snake_case as
 * Postgres sends them (STYLE §2: no renaming layer).
 */
import { z } from 'zod';
import { MATRIX_ROLES, TENANT_ROLES, type TenantRole } from '@shared/permissions/roles.ts';

export const VERTICALS = ['agency', 'garage', 'services'] as const;
export type Vertical = (typeof VERTICALS)[number];

export const TENANT_LOCALES = ['fr-FR', 'en-GB'] as const;
export type TenantLocale = (typeof TENANT_LOCALES)[number];

/** list_my_tenants(): one row per tenant the caller belongs to (validated: it is also kept offline). */
export const tenantSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  vertical: z.enum(VERTICALS),
  plan: z.string(),
  // 'support' for a platform operator working under a tenant's support-access grant.
  role: z.enum(MATRIX_ROLES),
  locale: z.string(),
  time_zone: z.string(),
  session_timeout_minutes: z.number().int(),
  mfa_required_for_admins: z.boolean(),
  logo_path: z.string().nullable(),
  created_at: z.string(),
});
export type TenantSummary = z.infer<typeof tenantSummarySchema>;

/** get_tenant() / create_tenant() / update_tenant(): the whole tenants row. */
export type TenantRow = {
  readonly id: string;
  readonly name: string;
  readonly vertical: Vertical;
  readonly plan: string;
  readonly legal_name: string | null;
  readonly legal_form: string | null;
  readonly share_capital_cents: number | null;
  readonly siren: string | null;
  readonly siret: string | null;
  readonly registry_kind: 'RCS' | 'RM' | null;
  readonly registry_city: string | null;
  readonly vat_number: string | null;
  readonly address_line1: string | null;
  readonly address_line2: string | null;
  readonly postal_code: string | null;
  readonly city: string | null;
  readonly country: string;
  readonly logo_path: string | null;
  readonly locale: string;
  readonly time_zone: string;
  readonly currency: string;
  readonly session_timeout_minutes: number;
  readonly mfa_required_for_admins: boolean;
  readonly numbering_prefix: string;
  readonly created_at: string;
  readonly updated_at: string;
};

/**
 * list_members(). `has_mfa` and `last_sign_in_at` are security details: owners and admins get
 * them, everyone else gets null for both (null `has_mfa` = not shown to this viewer).
 */
export type Member = {
  readonly membership_id: string;
  readonly user_id: string;
  readonly role: TenantRole;
  readonly status: 'active' | 'suspended';
  readonly display_name: string;
  readonly email: string;
  readonly avatar_path: string | null;
  readonly has_mfa: boolean | null;
  readonly last_sign_in_at: string | null;
  readonly joined_at: string;
};

/** What the screens outside the team page read of a member: enough to name them. */
export type MemberSummary = Pick<Member, 'user_id' | 'email'> & { readonly display_name: string | null };

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

/** list_invitations() */
export type Invitation = {
  readonly invitation_id: string;
  readonly email: string;
  readonly role: TenantRole;
  readonly status: InvitationStatus;
  readonly expires_at: string;
  readonly invited_by_name: string | null;
  readonly created_at: string;
};

/** get_invitation(token): what a link offers, readable signed out. */
export type InvitationPreview = {
  readonly tenant_name: string;
  readonly tenant_vertical: Vertical;
  readonly email: string;
  readonly role: TenantRole;
  readonly status: InvitationStatus;
  readonly expires_at: string;
  readonly invited_by_name: string;
};

/** POST /functions/v1/invitations → 201 (new invitation or resent one). */
export const sentInvitationSchema = z.object({
  invitation_id: z.string(),
  email: z.string(),
  role: z.enum(TENANT_ROLES),
  expires_at: z.string(),
});
export type SentInvitation = z.infer<typeof sentInvitationSchema>;

/** list_audit_log() */
export type AuditEntry = {
  readonly id: number;
  readonly action: string;
  readonly actor_id: string | null;
  readonly actor_name: string | null;
  readonly subject_user_id: string | null;
  readonly subject_name: string | null;
  readonly target_type: string | null;
  readonly target_id: string | null;
  readonly details: Readonly<Record<string, unknown>>;
  readonly ip: string | null;
  readonly created_at: string;
};

/** list_support_access() */
export type SupportGrant = {
  readonly id: string;
  readonly tenant_id: string;
  readonly granted_by: string | null;
  readonly reason: string;
  readonly expires_at: string;
  readonly revoked_at: string | null;
  readonly created_at: string;
};

/** operator_list_tenants(): health metadata only, never business data. */
export type OperatorTenant = {
  readonly tenant_id: string;
  readonly name: string;
  readonly vertical: Vertical;
  readonly plan: string;
  readonly created_at: string;
  readonly member_count: number;
  readonly last_activity_at: string | null;
  readonly support_access_until: string | null;
};
