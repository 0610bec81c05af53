/**
 * Public surface of the tenancy feature (F2): onboarding, tenant switcher, team and invitations,
 * tenant settings, audit log, operator console. Placeholder surface — the F2 tenancy work fills
 * it in, keeping these exports.
 */
export { publicTenancyRoutes, tenancyRoutes } from './routes.tsx';
export { TenantSwitcher } from './components/tenant-switcher.tsx';
export { useCurrentTenant, type CurrentTenant } from './hooks/use-current-tenant.ts';
