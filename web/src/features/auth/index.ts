/** Public surface of the auth feature: its routes, the session guard and what the shell shows. */
export { AUTH_PATHS, authRoutes } from './routes.tsx';
export { RequireSession } from './components/require-session.tsx';
export { SignOutButton } from './components/sign-out-button.tsx';
export { useSession } from './hooks/use-session.ts';
