/**
 * Client-side checks that spare a round trip and explain the rule in words. The server (GoTrue,
 * `[auth]` in supabase/config.toml: minimum_password_length = 8, letters_digits) stays the authority.
 */
export const MIN_PASSWORD_LENGTH = 8;

/** Deliberately loose (GoTrue decides): something@something.tld, no spaces. */
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type EmailProblem = 'auth.validation.emailRequired' | 'auth.validation.emailInvalid';
export type PasswordProblem =
  'auth.validation.passwordRequired' | 'auth.validation.passwordTooShort' | 'auth.validation.passwordLettersDigits';

/** Trims and lower-cases, as GoTrue stores addresses. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function findEmailProblem(email: string): EmailProblem | undefined {
  const value = email.trim();
  if (!value) return 'auth.validation.emailRequired';
  if (!EMAIL_PATTERN.test(value)) return 'auth.validation.emailInvalid';
  return undefined;
}

/** For signing in: any non-empty password may be the right one. */
export function findPasswordProblem(password: string): PasswordProblem | undefined {
  return password ? undefined : 'auth.validation.passwordRequired';
}

/** For a new password: the project's policy (length, letters and digits). */
export function findNewPasswordProblem(password: string): PasswordProblem | undefined {
  if (!password) return 'auth.validation.passwordRequired';
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'auth.validation.passwordTooShort';
  // GoTrue's letters_digits set: ASCII letters and digits (an accented letter alone does not count).
  if (!/[a-zA-Z]/.test(password) || !/[0-9]/.test(password)) return 'auth.validation.passwordLettersDigits';
  return undefined;
}
