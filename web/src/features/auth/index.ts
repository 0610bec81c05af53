/** Public surface of the auth feature: its routes, the session guard and what the shell shows. */
export { AUTH_PATHS, authRoutes } from './routes.tsx';
export { RequireSession } from './components/require-session.tsx';
export { SignOutButton } from './components/sign-out-button.tsx';
export { useSession } from './hooks/use-session.ts';
/** Emails a sign-in link that comes back to `nextPath` (the lock screen uses it to unlock). */
export { magicLinkMutation } from './queries.ts';
/** Leaves a one-time message for the sign-in page (e.g. after deleting the account). */
export { rememberSignInNotice, type SignInNotice } from './internal/sign-in-notice.ts';
