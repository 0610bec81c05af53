/**
 * TanStack options for auth: the writes (sign in, sign up, magic link, resend, sign out) as
 * mutations — they give each form its pending and error state — and the sign-in methods offered.
 * (The email-link outcome is not here: see internal/auth-redirect-outcome.ts.)
 */
import { mutationOptions, queryOptions } from '@tanstack/react-query';
import {
  getAuthProviders,
  requestMagicLink,
  resendSignUpConfirmation,
  signInWithGoogle,
  signInWithPassword,
  signOut,
  signUpWithPassword,
} from '@web/lib/supabase/index.ts';
import { getAuthCallbackUrl, rememberNextPath } from './internal/redirect.ts';

/**
 * Auth writes run even when the browser says offline: they then fail at once with "you are
 * offline" instead of waiting, paused, behind a spinner (TanStack's default for mutations).
 */
const FAIL_FAST_OFFLINE = { networkMode: 'always' } as const;

export type Credentials = { readonly email: string; readonly password: string };

export const signInMutation = mutationOptions({
  ...FAIL_FAST_OFFLINE,
  mutationKey: ['auth', 'sign-in'],
  mutationFn: ({ email, password }: Credentials) => signInWithPassword(email, password),
});

/**
 * Which sign-in methods the project offers (GoTrue's public settings). Offline it pauses, and
 * the Google button simply does not show: it could not work without the network anyway.
 */
export const authProvidersQuery = queryOptions({
  queryKey: ['auth', 'providers'],
  queryFn: ({ signal }) => getAuthProviders(signal),
  staleTime: 5 * 60_000,
  retry: false,
});

/** Leaves for Google; comes back to /auth/callback, then to `nextPath`. */
export const googleSignInMutation = mutationOptions({
  ...FAIL_FAST_OFFLINE,
  mutationKey: ['auth', 'google'],
  mutationFn: ({ nextPath }: { readonly nextPath: string }) => {
    rememberNextPath(nextPath);
    return signInWithGoogle(getAuthCallbackUrl());
  },
});

export const signUpMutation = mutationOptions({
  ...FAIL_FAST_OFFLINE,
  mutationKey: ['auth', 'sign-up'],
  mutationFn: ({ email, password, nextPath }: Credentials & { readonly nextPath: string }) => {
    rememberNextPath(nextPath);
    return signUpWithPassword(email, password, getAuthCallbackUrl());
  },
});

export const resendConfirmationMutation = mutationOptions({
  ...FAIL_FAST_OFFLINE,
  mutationKey: ['auth', 'resend-confirmation'],
  mutationFn: (email: string) => resendSignUpConfirmation(email, getAuthCallbackUrl()),
});

export const magicLinkMutation = mutationOptions({
  ...FAIL_FAST_OFFLINE,
  mutationKey: ['auth', 'magic-link'],
  mutationFn: ({ email, nextPath }: { readonly email: string; readonly nextPath: string }) => {
    rememberNextPath(nextPath);
    return requestMagicLink(email, getAuthCallbackUrl());
  },
});

export const signOutMutation = mutationOptions({
  ...FAIL_FAST_OFFLINE,
  mutationKey: ['auth', 'sign-out'],
  mutationFn: () => signOut(),
});
