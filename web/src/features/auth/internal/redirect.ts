/**
 * Where email links land, and where the user goes afterwards. The intended path is kept in
 * localStorage because the link is often opened in a new tab (the mail app opens the browser).
 */
const NEXT_PATH_KEY = 'comptoir.auth.next';

export const AUTH_CALLBACK_PATH = '/auth/callback';

/** Absolute URL of the callback, sent as `emailRedirectTo` (must be allowed in supabase/config.toml). */
export function getAuthCallbackUrl(): string {
  return `${window.location.origin}${AUTH_CALLBACK_PATH}`;
}

/** Only same-app paths: never follow `//evil.example` or `https://…` taken from state or storage. */
export function sanitizeNextPath(path: unknown): string {
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return '/';
  if (path.startsWith('/auth/')) return '/';
  return path;
}

export function rememberNextPath(path: string): void {
  try {
    localStorage.setItem(NEXT_PATH_KEY, sanitizeNextPath(path));
  } catch {
    // No storage: the user lands on home instead, which is fine.
  }
}

/** Returns the remembered path once, then forgets it. */
export function takeNextPath(): string {
  try {
    const path = localStorage.getItem(NEXT_PATH_KEY);
    localStorage.removeItem(NEXT_PATH_KEY);
    return sanitizeNextPath(path);
  } catch {
    return '/';
  }
}

/** The path a protected page passed along when it sent the user to sign in. */
export function readFromState(state: unknown): string {
  const from = typeof state === 'object' && state !== null ? (state as Record<string, unknown>)['from'] : undefined;
  return sanitizeNextPath(from);
}

/**
 * The email a page that linked here already knows (an invitation sends the invited address), so
 * sign-up and sign-in start prefilled. Anything that is not a plausible address is ignored.
 */
export function readEmailFromState(state: unknown): string {
  const email = typeof state === 'object' && state !== null ? (state as Record<string, unknown>)['email'] : undefined;
  return typeof email === 'string' && email.length <= 254 && /^[^@\s]+@[^@\s]+$/.test(email) ? email : '';
}

/** A failed link leaves error details in the fragment; do not keep them in history or bookmarks. */
export function clearUrlFragment(): void {
  if (window.location.hash) window.history.replaceState(window.history.state, '', window.location.pathname);
}
