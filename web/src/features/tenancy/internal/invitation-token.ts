/**
 * The invitation token is a credential (whoever holds it can read the invitation and, signed in
 * with the invited address, join). It arrives in the email's link (`/invitation?token=…`); the
 * page takes it out of the address bar at once — out of history, bookmarks, shared screenshots
 * and Referer headers — and keeps it here: in memory, and in sessionStorage so a reload of this
 * tab still works. Query keys never carry it (see `getInvitationQueryId`).
 */
const TOKEN_KEY = 'comptoir.invitation.token';

let memoryToken: string | undefined;
const queryIds = new Map<string, string>();

export function keepInvitationToken(token: string): void {
  memoryToken = token;
  try {
    sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Memory only: a reload then needs the link again.
  }
}

export function readKeptInvitationToken(): string | undefined {
  if (memoryToken) return memoryToken;
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Once the invitation is accepted, the token has no use left on this device. */
export function forgetInvitationToken(): void {
  memoryToken = undefined;
  try {
    sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Nothing stored, then.
  }
}

/**
 * A stand-in for the token in TanStack query keys (visible in devtools, caches and logs): an
 * opaque number, the same for the same token during this page's life.
 */
export function getInvitationQueryId(token: string): string {
  let id = queryIds.get(token);
  if (id === undefined) {
    id = String(queryIds.size + 1);
    queryIds.set(token, id);
  }
  return id;
}
