import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  GRANTS,
  PERMISSIONS,
  RESOURCES,
  canAct,
  getGrant,
  listMatrixCells,
  listTableResources,
} from './matrix.ts';
import {
  MATRIX_ROLES,
  TENANT_ROLES,
  canChangeRole,
  canGrantRole,
  isMatrixRole,
  isTenantRole,
  listGrantableRoles,
} from './roles.ts';

describe('permission matrix', () => {
  it('defines a known grant for every resource × action × role, support column included', () => {
    for (const resource of RESOURCES) {
      for (const action of ACTIONS) {
        for (const role of MATRIX_ROLES) {
          expect(GRANTS, `${resource}.${action}.${role}`).toContain(getGrant(role, resource, action));
        }
      }
    }
    expect(MATRIX_ROLES).toEqual([...TENANT_ROLES, 'support']);
    expect(listMatrixCells()).toHaveLength(RESOURCES.length * ACTIONS.length * MATRIX_ROLES.length);
  });

  it('lets support only read, and only business data, the company and its team', () => {
    const readable = RESOURCES.filter((resource) => getGrant('support', resource, 'read') !== 'deny');
    expect(readable).toEqual([
      'tenants',
      'memberships',
      'profiles',
      'dashboard',
      'companies',
      'contacts',
      'pipeline_stages',
      'opportunities',
      'opportunity_stage_history',
      'activities',
      'projects',
      'tasks',
      'comments',
      'scoring_models',
      'sales_documents',
      'sales_document_lines',
      'vehicles',
      'service_records',
      'mileage_readings',
      'reports',
    ]);
    for (const resource of readable) expect(getGrant('support', resource, 'read'), resource).toBe('allow');
    for (const resource of RESOURCES) {
      for (const action of ['create', 'update', 'delete'] as const) {
        expect(getGrant('support', resource, action), `${resource}.${action}`).toBe('deny');
      }
    }
  });

  it('keeps support a matrix column, never a role anyone is given', () => {
    expect(isMatrixRole('support')).toBe(true);
    expect(isTenantRole('support')).toBe(false);
    expect(listGrantableRoles('owner')).not.toContain('support');
  });

  it('never lets a client see internal tenancy data', () => {
    for (const resource of ['memberships', 'invitations', 'audit_log', 'support_access_grants', 'profiles'] as const) {
      expect(['deny', 'own'], resource).toContain(getGrant('client', resource, 'read'));
    }
    for (const resource of [
      'opportunities',
      'activities',
      'comments',
      'tasks',
      'reports',
      'dashboard',
      'ai_features',
      'integrations',
    ] as const) {
      expect(canAct('client', resource, 'read'), resource).toBe(false);
    }
  });

  it('lets the workshop create and update vehicles and their history, managers and up delete, clients see none', () => {
    for (const resource of ['vehicles', 'service_records', 'mileage_readings'] as const) {
      for (const role of ['owner', 'admin', 'manager', 'sales', 'technician'] as const) {
        expect(getGrant(role, resource, 'create'), `${resource}.create.${role}`).toBe('allow');
        expect(getGrant(role, resource, 'update'), `${resource}.update.${role}`).toBe('allow');
      }
      expect(getGrant('member', resource, 'read'), resource).toBe('allow');
      expect(getGrant('member', resource, 'create'), resource).toBe('deny');
      expect(MATRIX_ROLES.filter((role) => getGrant(role, resource, 'delete') === 'allow')).toEqual([
        'owner',
        'admin',
        'manager',
      ]);
      expect(getGrant('client', resource, 'read'), resource).toBe('deny');
    }
  });

  it('keeps the audit log append-only for every role', () => {
    for (const action of ['create', 'update', 'delete'] as const) {
      for (const role of MATRIX_ROLES) expect(getGrant(role, 'audit_log', action)).toBe('deny');
    }
  });

  it('lists the RLS-enforced tables', () => {
    expect(listTableResources().map((r) => r.table)).toEqual([
      'tenants',
      'memberships',
      'invitations',
      'profiles',
      'audit_log',
      'support_access_grants',
      'companies',
      'contacts',
      'pipeline_stages',
      'opportunities',
      'opportunity_stage_history',
      'activities',
      'tasks',
      'comments',
      'notifications',
      'scoring_models',
      'sales_documents',
      'sales_document_lines',
      'vehicles',
      'service_records',
      'mileage_readings',
    ]);
    expect(PERMISSIONS.tenants.grants.create.owner).toBe('deny');
    expect(PERMISSIONS.memberships.grants.create.owner).toBe('deny');
  });
});

describe('role rules', () => {
  it('lets nobody grant a role above their own', () => {
    expect(canGrantRole('admin', 'owner')).toBe(false);
    expect(canGrantRole('admin', 'admin')).toBe(true);
    expect(canGrantRole('manager', 'admin')).toBe(false);
    expect(canGrantRole('owner', 'owner')).toBe(true);
    expect(canGrantRole('member', 'client')).toBe(true);
    expect(canGrantRole('client', 'member')).toBe(false);
  });

  it('stops admins from changing an owner', () => {
    expect(canChangeRole('admin', 'owner', 'member')).toBe(false);
    expect(canChangeRole('owner', 'owner', 'admin')).toBe(true);
    expect(canChangeRole('admin', 'sales', 'manager')).toBe(true);
    expect(canChangeRole('admin', 'sales', 'owner')).toBe(false);
  });

  it('offers an admin every role but owner', () => {
    expect(listGrantableRoles('admin')).toEqual(['admin', 'manager', 'sales', 'technician', 'member', 'client']);
    expect(listGrantableRoles('owner')).toContain('owner');
  });
});
