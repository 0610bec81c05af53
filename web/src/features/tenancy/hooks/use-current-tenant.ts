/** The tenant the user is working in, with their role and the tenant's session policy (placeholder). */
import type { TenantRole } from '@shared/permissions/roles.ts';

export type CurrentTenant = {
  readonly id: string;
  readonly name: string;
  readonly vertical: 'agency' | 'garage' | 'services';
  readonly role: TenantRole;
  readonly sessionTimeoutMinutes: number;
  readonly isMfaRequiredForAdmins: boolean;
};

export function useCurrentTenant(): { tenant: CurrentTenant | null; isLoading: boolean } {
  return { tenant: null, isLoading: false };
}
