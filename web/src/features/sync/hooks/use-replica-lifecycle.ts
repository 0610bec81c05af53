/**
 * Opens the local replica of the (user, active tenant) pair while a signed-in page is shown, and
 * closes it when the component goes (sign-out, the auth pages): the sync engine keeps one
 * database per pair, so switching company switches database. Offline the tenant comes from the
 * device's last known list (useCurrentTenant), so the replica opens in a tunnel too.
 */
import { useEffect } from 'react';
import { startReplica, stopReplica } from '@web/lib/db/index.ts';
import { useSession } from '@web/features/auth/index.ts';
import { useCurrentTenant } from '@web/features/tenancy/index.ts';

export function useReplicaLifecycle(): void {
  const session = useSession();
  const { tenant } = useCurrentTenant();
  const userId = session.status === 'signed-in' ? session.user.id : null;
  const tenantId = tenant?.id ?? null;

  useEffect(() => {
    if (userId && tenantId) void startReplica({ userId, tenantId });
  }, [userId, tenantId]);

  // Nothing of this user may keep syncing once the signed-in shell is gone.
  useEffect(
    () => () => {
      void stopReplica();
    },
    [],
  );
}

/** The hook as a component, so the shell mounts it only for signed-in pages. */
export function ReplicaLifecycle(): null {
  useReplicaLifecycle();
  return null;
}
