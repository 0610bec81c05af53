/**
 * Tenant roles and the rules about who may grant which role. Mirrored in SQL by the triggers of
 * the tenancy migration (private.role_rank); supabase/tests/permission-matrix.pg.test.ts pins the
 * ranks both sides use.
 *
 * How the seeds' roles map onto ours (also in docs/roles.md):
 *   seed 001 (CRM Axivity): admin → owner/admin, developpeur_nocode → technician,
 *     developpeur_automatisme → technician, commercial → sales, client → client;
 *   seed 003 (VisionCRM garages): SUPER_ADMIN → platform operator, OWNER → owner,
 *     MANAGER → manager, USER → member;
 *   seed 000 (solo agency): Admin → owner/admin, Membre → member.
 */

export const TENANT_ROLES = ['owner', 'admin', 'manager', 'sales', 'technician', 'member', 'client'] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

/**
 * The platform operator during a tenant's support-access grant. Nobody is ever given this role: it
 * is what private.my_roles() answers for an operator with a valid grant, so that the operator reads
 * what support needs and never gains the write rights a tenant role (even `member`) has. It has no
 * rank (SQL rank 0): it grants nothing and invites nobody.
 */
export const SUPPORT_ROLE = 'support';
export type SupportRole = typeof SUPPORT_ROLE;

/** The columns of the permission matrix: the tenant roles, then the support pseudo-role. */
export const MATRIX_ROLES = [...TENANT_ROLES, SUPPORT_ROLE] as const;
export type MatrixRole = (typeof MATRIX_ROLES)[number];

/** Higher ranks may grant lower or equal ranks; owner is the only one who may grant owner. */
export const ROLE_RANK: Readonly<Record<MatrixRole, number>> = {
  owner: 100,
  admin: 80,
  manager: 60,
  sales: 40,
  technician: 40,
  member: 20,
  client: 10,
  support: 0,
};

/** Roles in the order a role picker lists them. */
export const ROLE_ORDER: readonly TenantRole[] = TENANT_ROLES;

export function isTenantRole(value: unknown): value is TenantRole {
  return typeof value === 'string' && (TENANT_ROLES as readonly string[]).includes(value);
}

/** A tenant role or the support pseudo-role (what list_my_tenants may answer). */
export function isMatrixRole(value: unknown): value is MatrixRole {
  return typeof value === 'string' && (MATRIX_ROLES as readonly string[]).includes(value);
}

/** Clients use the portal; every other role is staff and may see internal data. */
export function isStaffRole(role: MatrixRole): boolean {
  return role !== 'client';
}

/** Nobody grants a role above their own. */
export function canGrantRole(granter: MatrixRole, target: TenantRole): boolean {
  return ROLE_RANK[target] <= ROLE_RANK[granter];
}

/**
 * Whether `actor` may move a member from `current` to `next` (team management rights are
 * checked separately by the matrix): admins cannot touch owners, and nobody grants above
 * their own rank. The last-owner rule needs the whole team and lives in the database.
 */
export function canChangeRole(actor: MatrixRole, current: TenantRole, next: TenantRole): boolean {
  if (current === 'owner' && actor !== 'owner') return false;
  return canGrantRole(actor, next);
}

/** Roles `actor` may assign, in picker order. */
export function listGrantableRoles(actor: MatrixRole): TenantRole[] {
  return ROLE_ORDER.filter((role) => canGrantRole(actor, role));
}
