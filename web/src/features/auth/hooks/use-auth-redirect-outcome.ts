/** The outcome of the email link that opened this page, as the callback page shows it. */
import { useEffect, useState } from 'react';
import { getAuthRedirectOutcome, type AuthRedirectOutcome } from '../internal/auth-redirect-outcome.ts';

export type AuthRedirectState =
  | { readonly status: 'pending' }
  | { readonly status: 'done'; readonly outcome: AuthRedirectOutcome }
  /** completeAuthRedirect() itself failed (not a refused link, which is an outcome). */
  | { readonly status: 'error'; readonly error: unknown };

const PENDING: AuthRedirectState = { status: 'pending' };

export function useAuthRedirectOutcome(): AuthRedirectState {
  const [state, setState] = useState<AuthRedirectState>(PENDING);
  useEffect(() => {
    let isMounted = true;
    getAuthRedirectOutcome().then(
      (outcome) => {
        if (isMounted) setState({ status: 'done', outcome });
      },
      (error: unknown) => {
        if (isMounted) setState({ status: 'error', error });
      },
    );
    return () => {
      isMounted = false;
    };
  }, []);
  return state;
}
