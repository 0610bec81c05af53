/** Paths of the account pages (kept apart from routes.tsx so components can link without a cycle). */
export const ACCOUNT_PATHS = {
  profile: '/profil',
  /** Fragment of the profile's security section (MFA, PIN, lock): `${profile}#${securityAnchor}`. */
  securityAnchor: 'securite',
} as const;
