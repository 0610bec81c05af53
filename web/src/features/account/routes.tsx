/** Account routes (signed-in). */
import type { RouteObject } from 'react-router';

export const ACCOUNT_PATHS = { profile: '/profil' } as const;

export const accountRoutes: RouteObject[] = [];
