/**
 * Server-only tenancy data as TanStack query options. Keys start with the user and, for
 * tenant data, the tenant: another user never sees the previous one's answers, and switching
 * company switches every query. Queries wait for a confirmed session (an unconfirmed one has
 * no usable token) — except get_invitation, which works signed out.
 *
 * The list of the user's tenants is also kept in localStorage (last known answer), so the
 * header and the pages render offline and at once on the next start.
 */
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { callRpc, getSessionState, subscribeToSession } from '@web/lib/supabase/index.ts';
import { getInvitationQueryId } from './internal/invitation-token.ts';
import { readStoredJson, writeStoredJson } from './internal/storage.ts';
import {
  tenantSummarySchema,
  type AuditEntry,
  type Invitation,
  type InvitationPreview,
  type Member,
  type OperatorTenant,
  type SupportGrant,
  type TenantRow,
  type TenantSummary,
} from './internal/types.ts';

export const tenancyKeys = {
  user: (userId: string) => ['tenancy', userId] as const,
  tenants: (userId: string) => ['tenancy', userId, 'tenants'] as const,
  tenant: (userId: string, tenantId: string) => ['tenancy', userId, tenantId] as const,
  /** Never the token itself: an opaque id standing for it (internal/invitation-token.ts). */
  invitation: (token: string) => ['tenancy', 'invitation', getInvitationQueryId(token)] as const,
};

const TENANTS_CACHE_PREFIX = 'comptoir.tenancy.tenants.';

/** The last list the server gave this user on this device (never an empty one: see below). */
export function readCachedTenants(userId: string): TenantSummary[] | undefined {
  const parsed = z.array(tenantSummarySchema).safeParse(readStoredJson(`${TENANTS_CACHE_PREFIX}${userId}`));
  return parsed.success && parsed.data.length > 0 ? parsed.data : undefined;
}

function writeCachedTenants(userId: string, tenants: readonly TenantSummary[]): void {
  // An empty list is not kept: "no company" must come from the server, never from an old copy,
  // or a user who just joined one would be sent to the onboarding wizard.
  writeStoredJson(`${TENANTS_CACHE_PREFIX}${userId}`, tenants.length > 0 ? tenants : undefined);
}

// Signing out (or a session the server refused, or another person signing in on this device)
// removes that user's copy from this device: the next person to use it must not read which
// companies the previous one works for.
const initialSession = getSessionState();
let lastSignedInUserId = initialSession.status === 'signed-in' ? initialSession.user.id : undefined;
subscribeToSession(() => {
  const state = getSessionState();
  if (state.status === 'loading') return;
  const userId = state.status === 'signed-in' ? state.user.id : undefined;
  if (lastSignedInUserId && lastSignedInUserId !== userId) {
    writeStoredJson(`${TENANTS_CACHE_PREFIX}${lastSignedInUserId}`, undefined);
  }
  lastSignedInUserId = userId;
});

export function myTenantsQuery(userId: string, isSessionConfirmed: boolean) {
  return queryOptions({
    queryKey: tenancyKeys.tenants(userId),
    enabled: isSessionConfirmed && userId !== '',
    queryFn: async (): Promise<TenantSummary[]> => {
      const rows = z.array(tenantSummarySchema).parse(await callRpc<unknown>('list_my_tenants'));
      writeCachedTenants(userId, rows);
      return rows;
    },
    initialData: () => readCachedTenants(userId),
    // The stored copy is shown at once but always checked with the server.
    initialDataUpdatedAt: 0,
  });
}

export function tenantQuery(userId: string, tenantId: string) {
  return queryOptions({
    queryKey: [...tenancyKeys.tenant(userId, tenantId), 'settings'],
    queryFn: () => callRpc<TenantRow>('get_tenant', { p_tenant_id: tenantId }),
  });
}

/**
 * The company's members: the team page, and the CRM, pipeline and activity screens (owners and
 * authors by name; the last answer stays in the TanStack cache, so names survive going offline).
 */
export function membersQuery(userId: string, tenantId: string) {
  return queryOptions({
    queryKey: [...tenancyKeys.tenant(userId, tenantId), 'members'],
    queryFn: () => callRpc<Member[]>('list_members', { p_tenant_id: tenantId }),
    // Names change rarely; a list a few minutes old is fine for labels (the team page refetches).
    staleTime: 5 * 60_000,
  });
}

export function invitationsQuery(userId: string, tenantId: string) {
  return queryOptions({
    queryKey: [...tenancyKeys.tenant(userId, tenantId), 'invitations'],
    queryFn: () => callRpc<Invitation[]>('list_invitations', { p_tenant_id: tenantId }),
  });
}

export function supportAccessQuery(userId: string, tenantId: string) {
  return queryOptions({
    queryKey: [...tenancyKeys.tenant(userId, tenantId), 'support-access'],
    queryFn: () => callRpc<SupportGrant[]>('list_support_access', { p_tenant_id: tenantId }),
  });
}

export const AUDIT_PAGE_SIZE = 50;

/** Newest first; each page continues before the oldest id of the previous one. */
export function auditLogQuery(userId: string, tenantId: string) {
  return infiniteQueryOptions({
    queryKey: [...tenancyKeys.tenant(userId, tenantId), 'audit-log'],
    initialPageParam: null as number | null,
    queryFn: ({ pageParam }) =>
      callRpc<AuditEntry[]>('list_audit_log', {
        p_tenant_id: tenantId,
        p_before_id: pageParam,
        p_limit: AUDIT_PAGE_SIZE,
      }),
    getNextPageParam: (lastPage) =>
      lastPage.length < AUDIT_PAGE_SIZE ? undefined : (lastPage.at(-1)?.id ?? undefined),
  });
}

export function amIOperatorQuery(userId: string, isSessionConfirmed: boolean) {
  return queryOptions({
    queryKey: [...tenancyKeys.user(userId), 'am-i-operator'],
    enabled: isSessionConfirmed && userId !== '',
    queryFn: () => callRpc<boolean>('am_i_operator'),
    // Being an operator changes rarely; do not ask on every page.
    staleTime: 5 * 60_000,
  });
}

export function operatorTenantsQuery(userId: string) {
  return queryOptions({
    queryKey: [...tenancyKeys.user(userId), 'operator', 'tenants'],
    queryFn: () => callRpc<OperatorTenant[]>('operator_list_tenants'),
  });
}

/** What an invitation link offers; readable signed out (the token is the credential). */
export function invitationPreviewQuery(token: string) {
  return queryOptions({
    queryKey: tenancyKeys.invitation(token),
    queryFn: async (): Promise<InvitationPreview> => {
      const rows = await callRpc<InvitationPreview[]>('get_invitation', { p_token: token });
      const row = rows[0];
      if (!row) throw new Error('get_invitation answered no row');
      return row;
    },
    retry: false,
  });
}
