/**
 * Public surface of the CRM feature (F3): contacts and companies screens, their navigation
 * items, and the field labels and error keys the "À traiter" page reuses.
 */
export { crmRoutes, CRM_PATHS } from './routes.tsx';
export { buildCompanyPath, buildContactPath } from './paths.ts';
export { useCrmNavigation } from './hooks/use-crm-navigation.tsx';
export { canUseCrm } from './components/crm-gate.tsx';
export { getFieldLabelKey } from './internal/labels.ts';
export { toFieldErrorKeys, type ErrorKey, type FieldErrorKeys } from './internal/field-errors.ts';
