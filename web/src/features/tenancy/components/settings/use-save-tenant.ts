/**
 * Saving part of the tenant (update_tenant). Only changed fields are sent, so the audit log
 * lists exactly what changed. The answer replaces the cached row; the list of tenants (name,
 * session policy in the header and the lock) is refreshed. A sensitive save may be refused
 * with mfa_required: callRpc then tells the account feature, which offers the step-up; the form
 * shows the message and keeps its values for the retry.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TenantRow } from '@web/features/tenancy/internal/types.ts';
import { FAIL_FAST_OFFLINE, updateTenant, type TenantChanges } from '@web/features/tenancy/mutations.ts';
import { tenancyKeys, tenantQuery } from '@web/features/tenancy/queries.ts';

export function useSaveTenant(userId: string, tenantId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    ...FAIL_FAST_OFFLINE,
    mutationFn: (changes: TenantChanges) => updateTenant(tenantId, changes),
    onSuccess: async (row: TenantRow) => {
      queryClient.setQueryData(tenantQuery(userId, tenantId).queryKey, row);
      await queryClient.invalidateQueries({ queryKey: tenancyKeys.tenants(userId) });
    },
  });
}

/** The fields whose value differs from the saved row (strings compared as typed, trimmed). */
export function listChanges<T extends Record<string, unknown>>(saved: T, edited: T): Partial<T> {
  const changes: Partial<T> = {};
  for (const key of Object.keys(edited) as (keyof T)[]) {
    const before = saved[key];
    const after = edited[key];
    const isSame =
      typeof before === 'string' && typeof after === 'string' ? before.trim() === after.trim() : before === after;
    if (!isSame) changes[key] = after;
  }
  return changes;
}
