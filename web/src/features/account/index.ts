/**
 * Public surface of the account feature (F2): profile, MFA enrolment and step-up, device PIN,
 * inactivity lock, personal data export. Placeholder surface — the F2 account work fills it in,
 * keeping these exports.
 */
export { ACCOUNT_PATHS, accountRoutes } from './routes.tsx';
export { SecurityGate } from './components/security-gate.tsx';
