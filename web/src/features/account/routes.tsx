/** Account routes (signed-in). */
import type { RouteObject } from 'react-router';

export const accountRoutes: RouteObject[] = [];
