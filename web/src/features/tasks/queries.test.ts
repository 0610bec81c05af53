/** The team list kept on the device, so names and mentions work offline after a restart. */
import { describe, expect, it } from 'vitest';
import { readCachedTeam, teamMembersQuery, writeCachedTeam } from './queries.ts';

describe('cached team', () => {
  it('keeps the names per user and company, without security details', () => {
    writeCachedTeam('user-1', 'tenant-1', [
      {
        user_id: 'user-2',
        display_name: 'Sophie Bernard',
        email: 'sophie@exemple.fr',
        status: 'active',
        has_mfa: true,
        last_sign_in_at: '2026-11-20T08:00:00Z',
      } as never,
    ]);
    expect(readCachedTeam('user-1', 'tenant-1')).toEqual([
      { user_id: 'user-2', display_name: 'Sophie Bernard', email: 'sophie@exemple.fr', status: 'active' },
    ]);
    expect(readCachedTeam('user-1', 'tenant-2')).toBeUndefined();
    expect(readCachedTeam('user-3', 'tenant-1')).toBeUndefined();
  });

  it('starts the query from the device’s copy, to be checked with the server', () => {
    writeCachedTeam('user-1', 'tenant-1', [{ user_id: 'user-2', display_name: null, email: 's@exemple.fr' }]);
    const options = teamMembersQuery('user-1', 'tenant-1');
    const initial = typeof options.initialData === 'function' ? options.initialData() : options.initialData;
    expect(initial).toEqual([{ user_id: 'user-2', display_name: null, email: 's@exemple.fr' }]);
    expect(options.initialDataUpdatedAt).toBe(0);
  });

  it('ignores a corrupt copy', () => {
    localStorage.setItem('comptoir.team.user-1.tenant-1', '[{"user_id": 3}]');
    expect(readCachedTeam('user-1', 'tenant-1')).toBeUndefined();
  });
});
