/** Minutes of inactivity before the lock: the current tenant's setting, 30 until it is known. */
import { useCurrentTenant } from '@web/features/tenancy/index.ts';
import { DEFAULT_SESSION_TIMEOUT_MINUTES } from '../internal/inactivity-lock.ts';

export function useSessionTimeoutMinutes(): number {
  const { tenant } = useCurrentTenant();
  const minutes = tenant?.sessionTimeoutMinutes;
  return typeof minutes === 'number' && Number.isFinite(minutes) && minutes > 0
    ? minutes
    : DEFAULT_SESSION_TIMEOUT_MINUTES;
}
