/** Email checks for invitations (GoTrue and the database decide; this explains the rule early). */

/** Deliberately loose: something@something.tld, no spaces (the database check is the same). */
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Trims and lower-cases, as invitations are stored. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function findInviteEmailProblem(email: string) {
  const value = email.trim();
  if (!value) return 'tenancy.invite.errors.emailRequired' as const;
  if (!EMAIL_PATTERN.test(value) || value.length > 254) return 'tenancy.invite.errors.emailInvalid' as const;
  return undefined;
}
