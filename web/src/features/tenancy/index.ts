/**
 * Public surface of the tenancy feature (F2): onboarding, tenant switcher, team and invitations,
 * tenant settings, audit log, operator console.
 */
export { publicTenancyRoutes, tenancyRoutes, TENANCY_PATHS } from './routes.tsx';
export { TenantSwitcher } from './components/tenant-switcher.tsx';
export { TenantHomeGate, TenantWelcome } from './components/tenant-welcome.tsx';
export {
  useCurrentTenant,
  type CurrentTenant,
  type CurrentTenantState,
  type CurrentTenantStatus,
} from './hooks/use-current-tenant.ts';
export { useTenancyNavigation, type TenancyNavigation } from './hooks/use-tenancy-navigation.tsx';
export { membersQuery } from './queries.ts';
export type { MemberSummary } from './internal/types.ts';
