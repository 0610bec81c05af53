/**
 * A message the sign-in page shows once, left by whoever sent the user there after ending their
 * session (e.g. "your account has been deleted"). In sessionStorage: this tab only, gone with it.
 */
const NOTICE_KEY = 'comptoir.auth.notice';

export const SIGN_IN_NOTICES = ['account-deleted'] as const;
export type SignInNotice = (typeof SIGN_IN_NOTICES)[number];

export function rememberSignInNotice(notice: SignInNotice): void {
  try {
    sessionStorage.setItem(NOTICE_KEY, notice);
  } catch {
    // Without storage the sign-in page simply shows no message.
  }
}

export function readSignInNotice(): SignInNotice | undefined {
  try {
    const value = sessionStorage.getItem(NOTICE_KEY);
    return SIGN_IN_NOTICES.find((notice) => notice === value);
  } catch {
    return undefined;
  }
}

export function clearSignInNotice(): void {
  try {
    sessionStorage.removeItem(NOTICE_KEY);
  } catch {
    // Nothing stored, then.
  }
}
