/** Public surface of the home feature. */
export { HOME_PATH, homeRoutes } from './routes.tsx';
