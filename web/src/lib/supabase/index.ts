/**
 * The only door to Supabase (STYLE §1): the rest of the app calls these functions and never
 * imports supabase-js. Failures arrive as AppErrors carrying i18n keys.
 */
export { configureSupabase, getDevMailboxUrl, getSupabaseConfig, type SupabaseConfig } from './client.ts';
export {
  getSessionState,
  subscribeToSession,
  type SessionInfo,
  type SessionState,
  type SessionUser,
} from './session.ts';
export {
  completeAuthRedirect,
  requestMagicLink,
  resendSignUpConfirmation,
  signInWithGoogle,
  signInWithPassword,
  signOut,
  signUpWithPassword,
  type AuthRedirectResult,
  type SignUpResult,
} from './auth.ts';
export { getAuthProviders, type AuthProviders } from './auth-settings.ts';
export {
  enrolTotpFactor,
  getAssuranceLevels,
  listTotpFactors,
  removeTotpFactor,
  verifyTotpCode,
  type AssuranceLevel,
  type AssuranceLevels,
  type TotpEnrolment,
  type TotpFactor,
} from './mfa.ts';
export { invokeFunction, type InvokeOptions } from './functions.ts';
export { callRpc, isRpcNotDeployed, onMfaRequired, toRpcAppError } from './rpc.ts';
