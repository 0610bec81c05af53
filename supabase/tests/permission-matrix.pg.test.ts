/**
 * One source of truth: the permission matrix in the database (private.permission_grants, which
 * every RLS policy reads) equals shared/permissions/matrix.ts. If this fails, run
 * `npm run gen:permissions` and commit the new migration.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMatrixCells } from '../../shared/permissions/matrix.ts';
import { getStack } from '../local/test/stack-info.ts';

const stack = getStack();
let db: pg.Client;

beforeAll(async () => {
  db = new pg.Client({ connectionString: stack.superuserUrl });
  await db.connect();
});
afterAll(async () => {
  await db.end();
});

describe('permission matrix in the database', () => {
  it('equals shared/permissions/matrix.ts cell for cell', async () => {
    const { rows } = await db.query<{ resource: string; action: string; role: string; grant_kind: string }>(
      'select resource, action, role, grant_kind from private.permission_grants order by resource, action, role',
    );
    const inDb = rows.map((r) => `${r.resource}.${r.action}.${r.role}=${r.grant_kind}`).sort();
    const inCode = listMatrixCells()
      .map((c) => `${c.resource}.${c.action}.${c.role}=${c.grant}`)
      .sort();
    expect(inDb).toEqual(inCode);
  });

  it('ranks roles in SQL exactly as shared/permissions/roles.ts does', async () => {
    const { ROLE_RANK } = await import('../../shared/permissions/roles.ts');
    for (const [role, rank] of Object.entries(ROLE_RANK)) {
      const { rows } = await db.query<{ rank: number }>('select private.role_rank($1) as rank', [role]);
      expect(rows[0]?.rank, role).toBe(rank);
    }
  });

  it('gives the support pseudo-role a column of its own but no rank (it grants and invites nothing)', async () => {
    const { rows } = await db.query<{ rank: number; cells: number }>(
      `select private.role_rank('support') as rank,
              (select count(*)::int from private.permission_grants where role = 'support') as cells`,
    );
    expect(rows[0]).toEqual({ rank: 0, cells: listMatrixCells().filter((c) => c.role === 'support').length });
    expect(rows[0]?.cells).toBeGreaterThan(0);
  });
});
