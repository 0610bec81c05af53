/** The team of the active company, by id, with display names (offline: the device's last copy). */
import { useEffect, useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { teamMembersQuery, writeCachedTeam, type TeamMember } from '../queries.ts';

export type Team = {
  readonly members: readonly TeamMember[];
  readonly byId: ReadonlyMap<string, TeamMember>;
  /** The member's name, their e-mail without one, or null when the list lacks them. */
  readonly getName: (userId: string | null) => string | null;
};

const NO_MEMBERS: readonly TeamMember[] = [];

export function useTeam(userId: string, tenantId: string): Team {
  const query = useQuery(teamMembersQuery(userId, tenantId));
  const members = query.data ?? NO_MEMBERS;
  useEffect(() => {
    // Also keep an answer that came from elsewhere (a refetch another screen started).
    if (query.data && query.isFetchedAfterMount) writeCachedTeam(userId, tenantId, query.data);
  }, [query.data, query.isFetchedAfterMount, userId, tenantId]);
  return useMemo(() => {
    const byId = new Map(members.map((member) => [member.user_id, member]));
    return {
      members,
      byId,
      getName: (id) => {
        if (!id) return null;
        const member = byId.get(id);
        return member ? member.display_name || member.email : null;
      },
    };
  }, [members]);
}
