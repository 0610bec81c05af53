/**
 * Wraps the signed-in area (app/router.tsx) with what protects it:
 *   - the inactivity lock (the strictest setting of the user's companies, 30 minutes by default),
 *     persisted across reloads;
 *   - the MFA step-up dialog, opened whenever the database answers `mfa_required`;
 *   - the post-sign-in MFA requirement for owners/admins of tenants that demand it.
 * The page stays mounted under the lock (inert, hidden): unsaved work survives a lock.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Outlet } from 'react-router';
import { onMfaRequired, type SessionUser } from '@web/lib/supabase/index.ts';
import { useSession } from '@web/features/auth/index.ts';
import { useCurrentTenant } from '@web/features/tenancy/index.ts';
import { useInactivityLock } from '../hooks/use-inactivity-lock.ts';
import { useSessionTimeoutMinutes } from '../hooks/use-session-timeout.ts';
import { ACCOUNT_QUERY_KEY } from '../queries.ts';
import { LockScreen } from './lock-screen.tsx';
import { MfaRequirementBanner } from './mfa-requirement-banner.tsx';
import { StepUpDialog, type StepUpReason } from './step-up-dialog.tsx';
import './account.css';

function SignedInGate({
  user,
  isSessionConfirmed,
}: {
  readonly user: SessionUser;
  readonly isSessionConfirmed: boolean;
}) {
  const { tenant } = useCurrentTenant();
  const timeoutMinutes = useSessionTimeoutMinutes();
  const { isLocked, reason } = useInactivityLock(user.id, timeoutMinutes);
  const [stepUp, setStepUp] = useState<StepUpReason | null>(null);
  const queryClient = useQueryClient();
  const wasLocked = useRef(isLocked);

  useEffect(() => {
    // Unlocked by a new sign-in (password, email link): a new session, so new MFA levels.
    if (wasLocked.current && !isLocked) void queryClient.invalidateQueries({ queryKey: ACCOUNT_QUERY_KEY });
    wasLocked.current = isLocked;
  }, [isLocked, queryClient]);

  useEffect(() => onMfaRequired(() => setStepUp('action')), []);
  const askCodeAfterSignIn = useCallback(() => setStepUp((current) => current ?? 'sign-in'), []);
  const closeStepUp = useCallback(() => setStepUp(null), []);

  return (
    <>
      <MfaRequirementBanner
        userId={user.id}
        isSessionConfirmed={isSessionConfirmed}
        tenant={tenant}
        onAskCode={askCodeAfterSignIn}
      />
      <Outlet />
      {isLocked ? (
        <LockScreen user={user} timeoutMinutes={timeoutMinutes} reason={reason ?? 'inactivity'} />
      ) : stepUp ? (
        <StepUpDialog userId={user.id} reason={stepUp} tenantName={tenant?.name} onClose={closeStepUp} />
      ) : null}
    </>
  );
}

export function SecurityGate() {
  const session = useSession();
  // RequireSession (the parent route) only renders this once signed in.
  if (session.status !== 'signed-in') return <Outlet />;
  return <SignedInGate key={session.user.id} user={session.user} isSessionConfirmed={session.isConfirmed} />;
}
