/** The current session state (loading, signed-in with the user, signed-out), live. */
import { useSyncExternalStore } from 'react';
import { getSessionState, subscribeToSession, type SessionState } from '@web/lib/supabase/index.ts';

export function useSession(): SessionState {
  return useSyncExternalStore(subscribeToSession, getSessionState, getSessionState);
}
