/**
 * Tenancy routes and their paths (French, like the rest of the app's addresses).
 * `publicTenancyRoutes` work signed out (invitation links); `tenancyRoutes` sit behind the
 * session guard. Pages load lazily; the service worker precaches them.
 */
import type { RouteObject } from 'react-router';

export const TENANCY_PATHS = {
  onboarding: '/demarrage',
  team: '/equipe',
  settings: '/parametres',
  audit: '/journal',
  operator: '/operateur',
  /** `?token=…`: the link of the invitation email (built by the `invitations` edge function). */
  invitation: '/invitation',
} as const;

export const publicTenancyRoutes: RouteObject[] = [
  {
    path: TENANCY_PATHS.invitation,
    lazy: async () => ({ Component: (await import('./components/invitation-page.tsx')).InvitationPage }),
  },
];

export const tenancyRoutes: RouteObject[] = [
  {
    path: TENANCY_PATHS.onboarding,
    lazy: async () => ({ Component: (await import('./components/onboarding/onboarding-page.tsx')).OnboardingPage }),
  },
  {
    path: TENANCY_PATHS.team,
    lazy: async () => ({ Component: (await import('./components/team/team-page.tsx')).TeamPage }),
  },
  {
    path: TENANCY_PATHS.settings,
    lazy: async () => ({ Component: (await import('./components/settings/settings-page.tsx')).SettingsPage }),
  },
  {
    path: TENANCY_PATHS.audit,
    lazy: async () => ({ Component: (await import('./components/audit-log-page.tsx')).AuditLogPage }),
  },
  {
    path: TENANCY_PATHS.operator,
    lazy: async () => ({ Component: (await import('./components/operator-page.tsx')).OperatorPage }),
  },
];
