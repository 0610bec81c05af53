/**
 * After sign-in, an owner/admin of a tenant requiring MFA is asked for their code once per tab
 * session; "later" is remembered here so navigating does not ask again (the banner stays).
 */
const PROMPTED_KEY_PREFIX = 'comptoir.mfa-prompted.';

export function wasMfaPrompted(userId: string): boolean {
  try {
    return sessionStorage.getItem(`${PROMPTED_KEY_PREFIX}${userId}`) === '1';
  } catch {
    return false;
  }
}

export function rememberMfaPrompted(userId: string): void {
  try {
    sessionStorage.setItem(`${PROMPTED_KEY_PREFIX}${userId}`, '1');
  } catch {
    // Without storage the prompt may come back on the next page: acceptable.
  }
}
