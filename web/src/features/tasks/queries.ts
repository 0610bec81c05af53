/**
 * The team of the active company (list_members): assignees of tasks, people to @mention, names of
 * authors and actors. Server-only data, so a TanStack query (same RPC as the tenancy and CRM
 * member lists, own key: those keep the full rows). The last answer is also kept on the device
 * (per user and company), so names and the mention list work offline, even right after a restart.
 */
import { queryOptions } from '@tanstack/react-query';
import { callRpc, getSessionState, subscribeToSession } from '@web/lib/supabase/index.ts';

/** The fields of list_members the team features read. */
export type TeamMember = {
  readonly user_id: string;
  readonly display_name: string | null;
  readonly email: string;
  readonly status?: 'active' | 'suspended';
};

const TEAM_CACHE_PREFIX = 'comptoir.team.';

function getCacheKey(userId: string, tenantId: string): string {
  return `${TEAM_CACHE_PREFIX}${userId}.${tenantId}`;
}

function isTeamMember(value: unknown): value is TeamMember {
  if (!value || typeof value !== 'object') return false;
  const row = value as Record<string, unknown>;
  return (
    typeof row['user_id'] === 'string' &&
    typeof row['email'] === 'string' &&
    (row['display_name'] === null || typeof row['display_name'] === 'string')
  );
}

/** The last member list this device saw for (user, company), if any. */
export function readCachedTeam(userId: string, tenantId: string): TeamMember[] | undefined {
  try {
    const raw = localStorage.getItem(getCacheKey(userId, tenantId));
    const parsed: unknown = raw ? JSON.parse(raw) : undefined;
    return Array.isArray(parsed) && parsed.every(isTeamMember) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps only what the screens need: no security details (MFA, last sign-in) on the device. */
export function writeCachedTeam(userId: string, tenantId: string, members: readonly TeamMember[]): void {
  const slim = members.map(({ user_id, display_name, email, status }) => ({ user_id, display_name, email, status }));
  try {
    localStorage.setItem(getCacheKey(userId, tenantId), JSON.stringify(slim));
  } catch {
    // Storage full or blocked: names need the network next time, nothing else breaks.
  }
}

// Another person signing in on this device must not read the previous one's colleagues.
const initialSession = getSessionState();
let lastUserId = initialSession.status === 'signed-in' ? initialSession.user.id : undefined;
subscribeToSession(() => {
  const state = getSessionState();
  if (state.status === 'loading') return;
  const userId = state.status === 'signed-in' ? state.user.id : undefined;
  if (lastUserId && lastUserId !== userId) forgetCachedTeams(lastUserId);
  lastUserId = userId;
});

function forgetCachedTeams(userId: string): void {
  try {
    const prefix = `${TEAM_CACHE_PREFIX}${userId}.`;
    const keys = Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i) ?? '');
    for (const key of keys) if (key.startsWith(prefix)) localStorage.removeItem(key);
  } catch {
    // Storage blocked: nothing was stored either.
  }
}

export function teamMembersQuery(userId: string, tenantId: string) {
  return queryOptions({
    queryKey: ['tasks', 'team', userId, tenantId],
    enabled: userId !== '' && tenantId !== '',
    queryFn: async () => {
      const members = await callRpc<TeamMember[]>('list_members', { p_tenant_id: tenantId });
      writeCachedTeam(userId, tenantId, members);
      return members;
    },
    initialData: () => readCachedTeam(userId, tenantId),
    // The stored copy shows at once, and is checked with the server when online.
    initialDataUpdatedAt: 0,
    staleTime: 5 * 60_000,
  });
}
