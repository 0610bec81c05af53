/** App-wide providers: TanStack Query (server-only data) with retry rules suited to flaky networks. */
import { useEffect, useState, type ReactNode } from 'react';
import { onlineManager, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { isAppError } from '@shared/errors/app-error.ts';
import { getSessionState, subscribeToSession } from '@web/lib/supabase/index.ts';

/** Retry what may succeed later (network, 5xx); a refusal (4xx) will not change by retrying. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 2) return false;
  return !isAppError(error) || error.code === 'UNAVAILABLE';
}

export function createQueryClient(): QueryClient {
  // TanStack assumes "online" until it sees an event; a phone opening the app in a tunnel is not.
  // Offline, queries then pause (and resume by themselves) instead of failing three times.
  onlineManager.setOnline(navigator.onLine);
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 30_000 },
      mutations: { retry: false },
    },
  });
}

export function AppProviders({ children }: { readonly children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);

  useEffect(() => {
    // Sign-out from anywhere (button, expired session, another tab), or another person signing in
    // on this device (an email link opened over a locked session): drop the previous user's data.
    const readUserId = () => {
      const state = getSessionState();
      return state.status === 'signed-in' ? state.user.id : undefined;
    };
    let previousUserId = readUserId();
    return subscribeToSession(() => {
      if (getSessionState().status === 'loading') return;
      const userId = readUserId();
      if (previousUserId !== undefined && previousUserId !== userId) queryClient.clear();
      previousUserId = userId;
    });
  }, [queryClient]);

  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
