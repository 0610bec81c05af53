/** Auth routes (public) and their paths. Pages load lazily; the service worker precaches them. */
import type { RouteObject } from 'react-router';
import { AUTH_CALLBACK_PATH } from './internal/redirect.ts';

export const AUTH_PATHS = {
  signIn: '/auth/sign-in',
  signUp: '/auth/sign-up',
  magicLink: '/auth/magic-link',
  /** Must be an allowed redirect URL of the Supabase project (site URL + /auth/callback). */
  callback: AUTH_CALLBACK_PATH,
} as const;

export const authRoutes: RouteObject[] = [
  {
    path: AUTH_PATHS.signIn,
    lazy: async () => ({ Component: (await import('./components/sign-in-page.tsx')).SignInPage }),
  },
  {
    path: AUTH_PATHS.signUp,
    lazy: async () => ({ Component: (await import('./components/sign-up-page.tsx')).SignUpPage }),
  },
  {
    path: AUTH_PATHS.magicLink,
    lazy: async () => ({ Component: (await import('./components/magic-link-page.tsx')).MagicLinkPage }),
  },
  {
    path: AUTH_PATHS.callback,
    lazy: async () => ({ Component: (await import('./components/auth-callback-page.tsx')).AuthCallbackPage }),
  },
];
