/**
 * The tenant the user is working in, with their role and the tenant's session policy.
 *
 * Backed by list_my_tenants (TanStack Query, last answer kept on the device so it works
 * offline); the choice among several tenants is remembered per user on this device. When the
 * remembered tenant is gone (left, removed, deleted), the first one is used.
 */
import { useCallback, useMemo } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { MatrixRole } from '@shared/permissions/roles.ts';
import { useOnlineStatus } from '@web/ui/index.ts';
import { useSession } from '@web/features/auth/index.ts';
import { myTenantsQuery } from '../queries.ts';
import { useTenantSelection } from '../store.ts';
import type { TenantSummary, Vertical } from '../internal/types.ts';

export type CurrentTenant = {
  readonly id: string;
  readonly name: string;
  readonly vertical: Vertical;
  /** A tenant role, or 'support' for an operator under a support-access grant (read-only). */
  readonly role: MatrixRole;
  readonly sessionTimeoutMinutes: number;
  readonly isMfaRequiredForAdmins: boolean;
  readonly plan: string;
  /** Formatting locale of the company's documents (fr-FR, en-GB). */
  readonly locale: string;
  /** IANA time zone in which the company's dates are shown. */
  readonly timeZone: string;
};

export type CurrentTenantStatus =
  /** Asking the server, nothing stored yet. */
  | 'loading'
  /** Offline and nothing stored on this device yet. */
  | 'offline'
  | 'error'
  | 'ready';

export type CurrentTenantState = {
  readonly tenant: CurrentTenant | null;
  readonly tenants: readonly CurrentTenant[];
  readonly isLoading: boolean;
  readonly status: CurrentTenantStatus;
  /** The server confirmed that the user belongs to no company (→ onboarding). */
  readonly hasNoTenant: boolean;
  readonly error: unknown;
  readonly userId: string;
  readonly refetch: () => void;
  /** Works in another company: every tenant-keyed query follows. */
  readonly switchTenant: (tenantId: string) => void;
};

function toCurrentTenant(row: TenantSummary): CurrentTenant {
  return {
    id: row.id,
    name: row.name,
    vertical: row.vertical,
    role: row.role,
    sessionTimeoutMinutes: row.session_timeout_minutes,
    isMfaRequiredForAdmins: row.mfa_required_for_admins,
    plan: row.plan,
    locale: row.locale,
    timeZone: row.time_zone,
  };
}

export function useCurrentTenant(): CurrentTenantState {
  const session = useSession();
  const isOnline = useOnlineStatus();
  const queryClient = useQueryClient();
  const userId = session.status === 'signed-in' ? session.user.id : '';
  const isConfirmed = session.status === 'signed-in' && session.isConfirmed;
  const query = useQuery(myTenantsQuery(userId, isConfirmed));
  const selectedId = useTenantSelection((state) => (userId ? state.selectedByUser[userId] : undefined));
  const selectTenant = useTenantSelection((state) => state.selectTenant);

  const tenants = useMemo(() => (query.data ?? []).map(toCurrentTenant), [query.data]);
  const tenant = tenants.find((candidate) => candidate.id === selectedId) ?? tenants[0] ?? null;

  const switchTenant = useCallback(
    (tenantId: string) => {
      if (!userId) return;
      selectTenant(userId, tenantId);
      // Tenant-keyed queries change key by themselves; the rest (health, future features) refresh
      // too — but not auth's, which describe the session, not the company.
      void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'auth' });
    },
    [userId, selectTenant, queryClient],
  );

  const { refetch } = query;
  const hasData = query.data !== undefined;
  const status: CurrentTenantStatus = hasData
    ? 'ready'
    : query.isError
      ? 'error'
      : query.fetchStatus === 'paused' || (!isConfirmed && !isOnline)
        ? 'offline'
        : 'loading';

  return {
    tenant,
    tenants,
    isLoading: status === 'loading',
    status,
    // Only a server answer can be empty: the stored copy never is (queries.ts).
    hasNoTenant: hasData && tenants.length === 0,
    error: query.error,
    userId,
    refetch: useCallback(() => void refetch(), [refetch]),
    switchTenant,
  };
}
