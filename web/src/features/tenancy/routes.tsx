/** Tenancy routes: `publicTenancyRoutes` work signed out (invitation links); the rest are signed-in. */
import type { RouteObject } from 'react-router';

export const publicTenancyRoutes: RouteObject[] = [];
export const tenancyRoutes: RouteObject[] = [];
