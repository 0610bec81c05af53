/**
 * TOTP multi-factor authentication, wrapping supabase-js `auth.mfa.*`. What GoTrue does:
 *
 *   - enrol returns a secret, its otpauth:// URI and an SVG QR code; the factor stays
 *     "unverified" until a first code is verified (then it counts, and the session is aal2);
 *   - verifying a code (challenge + verify) upgrades the current session to aal2;
 *   - enrolling a second factor, and removing a verified one, need an aal2 session;
 *   - there are no recovery codes: the setup key is the only way to re-install a factor.
 *
 * Every failure is an AppError with an i18n key (`auth.errors.mfa_*`, network, …).
 */
import { runAuthCall } from './auth-call.ts';
import { getSupabaseClient } from './client.ts';

export type AssuranceLevel = 'aal1' | 'aal2';

export type AssuranceLevels = {
  /** What the current session proves (null when signed out). */
  readonly current: AssuranceLevel | null;
  /** What it could reach: aal2 as soon as the user has a verified factor. */
  readonly next: AssuranceLevel | null;
};

export type TotpFactor = {
  readonly id: string;
  readonly friendly_name: string | null;
  readonly status: 'verified' | 'unverified';
  readonly created_at: string;
};

export type TotpEnrolment = {
  readonly factorId: string;
  /** The QR code as an image URL (SVG), for authenticator apps that scan. */
  readonly qrCodeUrl: string | undefined;
  /** The base32 setup key, for people who cannot scan, and to keep somewhere safe. */
  readonly secret: string;
  /** otpauth://totp/… (the QR code's content). */
  readonly uri: string;
};

function toAssuranceLevel(value: unknown): AssuranceLevel | null {
  return value === 'aal1' || value === 'aal2' ? value : null;
}

/**
 * auth-js turns GoTrue's SVG into `data:image/svg+xml;utf-8,<svg…>`, which breaks as an image
 * URL as soon as the SVG contains "#" (a colour): re-encode it.
 */
function toSvgImageUrl(qrCode: string | undefined): string | undefined {
  if (!qrCode) return undefined;
  const svg = qrCode.replace(/^data:image\/svg\+xml;[^,]*,/, '');
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** Reads the levels from the stored session (no network call). */
export async function getAssuranceLevels(): Promise<AssuranceLevels> {
  const { data } = await runAuthCall(() => getSupabaseClient().auth.mfa.getAuthenticatorAssuranceLevel());
  return { current: toAssuranceLevel(data?.currentLevel), next: toAssuranceLevel(data?.nextLevel) };
}

/** The user's TOTP factors, verified and not, oldest first (asks GoTrue for the user). */
export async function listTotpFactors(): Promise<TotpFactor[]> {
  const { data } = await runAuthCall(() => getSupabaseClient().auth.mfa.listFactors());
  return (data?.all ?? [])
    .filter((factor) => factor.factor_type === 'totp')
    .map((factor) => ({
      id: factor.id,
      friendly_name: factor.friendly_name ?? null,
      status: factor.status === 'verified' ? ('verified' as const) : ('unverified' as const),
      created_at: factor.created_at,
    }))
    .sort((a, b) => a.created_at.localeCompare(b.created_at));
}

/**
 * Starts a TOTP enrolment. Earlier attempts left unverified (closed before the first code) are
 * removed first: GoTrue refuses a second factor with the same name, and they can never be used.
 */
export async function enrolTotpFactor(friendlyName: string): Promise<TotpEnrolment> {
  const mfa = getSupabaseClient().auth.mfa;
  for (const factor of await listTotpFactors()) {
    if (factor.status === 'unverified') await runAuthCall(() => mfa.unenroll({ factorId: factor.id }));
  }
  const { data } = await runAuthCall(() => mfa.enroll({ factorType: 'totp', friendlyName }));
  if (!data || data.type !== 'totp') throw new Error('GoTrue answered a TOTP enrolment without a TOTP factor');
  return {
    factorId: data.id,
    qrCodeUrl: toSvgImageUrl(data.totp.qr_code),
    secret: data.totp.secret,
    uri: data.totp.uri,
  };
}

/**
 * Verifies a 6-digit code for a factor: completes an enrolment, or steps the session up to
 * aal2. auth-js stores the upgraded session; later requests carry `aal: aal2`.
 */
export async function verifyTotpCode(factorId: string, code: string): Promise<void> {
  await runAuthCall(() => getSupabaseClient().auth.mfa.challengeAndVerify({ factorId, code }));
}

/** Removes a factor (a verified one needs an aal2 session: verify a code first). */
export async function removeTotpFactor(factorId: string): Promise<void> {
  await runAuthCall(() => getSupabaseClient().auth.mfa.unenroll({ factorId }));
}
