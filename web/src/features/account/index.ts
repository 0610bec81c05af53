/**
 * Public surface of the account feature (F2): profile, MFA enrolment and step-up, device PIN,
 * inactivity lock, personal data export.
 */
export { ACCOUNT_PATHS, accountRoutes } from './routes.tsx';
export { SecurityGate } from './components/security-gate.tsx';
/** "Lock now" for a header or menu (the profile page has one too). */
export { LockNowButton } from './components/lock-now-button.tsx';
