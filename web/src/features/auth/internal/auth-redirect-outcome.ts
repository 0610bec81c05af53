/**
 * The outcome of the email link that opened this page, computed once per page load (auth-js
 * reads the URL fragment once, when the client starts).
 *
 * It is page state, not server data, so it is kept here rather than in TanStack's cache: a link
 * that signs in another person than the one signed in on this device (a colleague's link opened
 * over a locked session) makes the app drop the previous user's cached data (app/providers.tsx
 * clears the query cache) — and auth-js reports the new user *before* `completeAuthRedirect()`
 * returns. A query removed mid-flight is cancelled silently: its page would never hear the
 * outcome and would wait forever. Computing it once also keeps its side effects (taking the
 * remembered path, clearing the fragment) from running twice.
 */
import { completeAuthRedirect, type AuthRedirectResult } from '@web/lib/supabase/index.ts';
import { clearUrlFragment, takeNextPath } from './redirect.ts';

export type AuthRedirectOutcome =
  { readonly status: 'signed-in'; readonly nextPath: string } | Exclude<AuthRedirectResult, { status: 'signed-in' }>;

let outcome: Promise<AuthRedirectOutcome> | undefined;

async function computeAuthRedirectOutcome(): Promise<AuthRedirectOutcome> {
  const result = await completeAuthRedirect();
  if (result.status === 'signed-in') return { status: 'signed-in', nextPath: takeNextPath() };
  clearUrlFragment();
  return result;
}

/** The same promise for every caller of this page load (a remount does not finish the link again). */
export function getAuthRedirectOutcome(): Promise<AuthRedirectOutcome> {
  outcome ??= computeAuthRedirectOutcome();
  return outcome;
}
