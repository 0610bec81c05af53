/**
 * Auth operations the screens call. Each resolves on success and throws an AppError (with an
 * i18n key) on failure, so forms show a translated message and keep what the user typed.
 */
import type { AppError } from '@shared/errors/app-error.ts';
import { runAuthCall as run } from './auth-call.ts';
import { getSupabaseClient, getSupabaseConfig } from './client.ts';
import { toAuthAppError } from './errors.ts';
import { signInThroughFunction } from './password-sign-in.ts';
import { revokeSession } from './revoke-session.ts';
import { forgetStoredSession, readStoredTokens } from './session.ts';

export type SignUpResult = {
  /** True when the project requires email confirmation (no session until the link is opened). */
  readonly isConfirmationRequired: boolean;
};

export type AuthRedirectResult =
  | { readonly status: 'signed-in' }
  | { readonly status: 'failed'; readonly error: AppError }
  /** The URL carried neither a session nor an error (opened by hand, or stripped by a mail client). */
  | { readonly status: 'missing' };

/**
 * Email + password sign-in, through the `sign-in` edge function that rate-limits failures per IP
 * and per account (see password-sign-in.ts). Also used to unlock the app after inactivity.
 */
export async function signInWithPassword(email: string, password: string): Promise<void> {
  await signInThroughFunction(email, password);
}

/**
 * Leaves for Google's consent screen; GoTrue then redirects to `redirectTo` (our /auth/callback)
 * with the session in the URL fragment. Only offered when the project enables Google.
 */
export async function signInWithGoogle(redirectTo: string): Promise<void> {
  await run(() => getSupabaseClient().auth.signInWithOAuth({ provider: 'google', options: { redirectTo } }));
}

/** `redirectTo` is where the confirmation link lands (our /auth/callback). */
export async function signUpWithPassword(email: string, password: string, redirectTo: string): Promise<SignUpResult> {
  const { data } = await run(() =>
    getSupabaseClient().auth.signUp({ email, password, options: { emailRedirectTo: redirectTo } }),
  );
  return { isConfirmationRequired: data.session === null };
}

/** Sends the sign-up confirmation email again. */
export async function resendSignUpConfirmation(email: string, redirectTo: string): Promise<void> {
  await run(() => getSupabaseClient().auth.resend({ type: 'signup', email, options: { emailRedirectTo: redirectTo } }));
}

/** Emails a single-use sign-in link (creates the account on first use, as Supabase does). */
export async function requestMagicLink(email: string, redirectTo: string): Promise<void> {
  await run(() => getSupabaseClient().auth.signInWithOtp({ email, options: { emailRedirectTo: redirectTo } }));
}

/**
 * Ends the session on the server (all devices' refresh tokens for it) and on this device. Signing
 * out never depends on the network: when the server cannot be reached (a tunnel) or refuses to
 * answer, auth-js keeps the session on a global sign-out, so this device's copy is removed anyway
 * (`scope: 'local'`, then by hand if even that fails) and the server revocation is retried once
 * the network is back, for as long as the page stays open. Never throws.
 */
export async function signOut(): Promise<void> {
  const auth = getSupabaseClient().auth;
  const tokens = readStoredTokens();
  try {
    const { error } = await auth.signOut();
    if (!error) return;
    console.warn('Sign-out could not reach the server; ending the session on this device only.', error);
  } catch (error) {
    console.warn('Sign-out failed; ending the session on this device only.', error);
  }
  let isRevoked = false;
  try {
    // auth-js removes the local session before it calls the server for `local`.
    const { error } = await auth.signOut({ scope: 'local' });
    isRevoked = !error;
  } catch {
    // Handled below.
  }
  if (readStoredTokens()) forgetStoredSession();
  if (tokens && !isRevoked) void revokeSession(getSupabaseConfig(), tokens);
}

/**
 * Finishes an email-link sign-in: auth-js reads the session (or the error) from the URL
 * fragment while it initialises; this waits for that and reports the outcome.
 */
export async function completeAuthRedirect(): Promise<AuthRedirectResult> {
  const auth = getSupabaseClient().auth;
  const { error } = await auth.initialize();
  const { data } = await auth.getSession();
  // Already signed in (e.g. a reused link in a signed-in browser): the link error does not matter.
  if (data.session) return { status: 'signed-in' };
  if (error) return { status: 'failed', error: toAuthAppError(error) };
  return { status: 'missing' };
}
