/**
 * Minutes of inactivity before the lock: the strictest setting among all the user's companies
 * (their list is kept on the device, so this holds offline too), 30 until any is known.
 */
import { useMemo } from 'react';
import { useCurrentTenant } from '@web/features/tenancy/index.ts';
import { computeSessionTimeoutMinutes } from '../internal/session-timeout.ts';

export function useSessionTimeoutMinutes(): number {
  const { tenants } = useCurrentTenant();
  return useMemo(() => computeSessionTimeoutMinutes(tenants.map((tenant) => tenant.sessionTimeoutMinutes)), [tenants]);
}
