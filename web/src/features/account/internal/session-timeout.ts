/**
 * Which inactivity timeout applies. One lock covers the whole app, and switching company is one
 * click away: the strictest setting among ALL the user's companies applies, not the current
 * one's — otherwise a member of two companies could pick the laxer one.
 */
import { DEFAULT_SESSION_TIMEOUT_MINUTES } from './inactivity-lock.ts';

/** The smallest valid timeout (whole minutes > 0) among `timeouts`; the default when none is known. */
export function computeSessionTimeoutMinutes(timeouts: readonly unknown[]): number {
  const valid = timeouts.filter(
    (minutes): minutes is number => typeof minutes === 'number' && Number.isFinite(minutes) && minutes > 0,
  );
  return valid.length > 0 ? Math.min(...valid) : DEFAULT_SESSION_TIMEOUT_MINUTES;
}
