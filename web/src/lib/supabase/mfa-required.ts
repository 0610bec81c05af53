/**
 * "This action needs a second factor": the database (RPCs) and edge functions passing its
 * refusal along answer `mfa_required`. Whoever called is told through its AppError; listeners
 * registered here (the account feature's step-up dialog) are told too, so no screen has to know.
 */
import type { AppError } from '@shared/errors/app-error.ts';

const listeners = new Set<() => void>();

/** Called whenever a call is refused because the session needs aal2. Returns an unsubscribe. */
export function onMfaRequired(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Tells the listeners when `error` is an mfa_required refusal; returns the error unchanged. */
export function announceIfMfaRequired(error: AppError): AppError {
  if (error.userMessage === 'errors.rpc.mfa_required') for (const listener of listeners) listener();
  return error;
}
