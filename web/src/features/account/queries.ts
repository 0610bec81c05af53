/**
 * Server-only data of the account feature (TanStack Query, STYLE §4): the profile, the TOTP
 * factors and the session's assurance level, and the writes on them. Profiles are not part of
 * the replica: offline, the profile waits for the network (the lock and the PIN do not need it).
 */
import { mutationOptions, queryOptions, type QueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { AppError } from '@shared/errors/app-error.ts';
import {
  callRpc,
  enrolTotpFactor,
  getAssuranceLevels,
  isRpcNotDeployed,
  listTotpFactors,
  removeTotpFactor,
  signInWithPassword,
  signOut,
  verifyTotpCode,
} from '@web/lib/supabase/index.ts';

export const profileSchema = z.object({
  user_id: z.string(),
  display_name: z.string(),
  avatar_path: z.string().nullable(),
  phone: z.string().nullable(),
  preferred_language: z.enum(['fr', 'en']),
  created_at: z.string(),
  updated_at: z.string(),
});

export type Profile = z.infer<typeof profileSchema>;

export type ProfileChanges = Partial<Pick<Profile, 'display_name' | 'phone' | 'preferred_language'>>;

function parseProfile(data: unknown): Profile {
  const parsed = profileSchema.safeParse(data);
  if (!parsed.success)
    throw new AppError('INTERNAL', 'get_my_profile answered an unexpected body', { cause: parsed.error });
  return parsed.data;
}

/** Every account query starts with this key: invalidate it after re-authentication. */
export const ACCOUNT_QUERY_KEY = ['account'] as const;

/** Keyed by user: a different user never sees the previous one's profile. */
export function profileQuery(userId: string, isSessionConfirmed: boolean) {
  return queryOptions({
    queryKey: ['account', 'profile', userId],
    enabled: isSessionConfirmed,
    queryFn: async () => parseProfile(await callRpc('get_my_profile')),
  });
}

export const updateProfileMutation = mutationOptions({
  mutationKey: ['account', 'update-profile'],
  mutationFn: async (changes: ProfileChanges) =>
    parseProfile(await callRpc('update_my_profile', { p_changes: changes })),
});

/** Everything Comptoir stores about the user as a person (audited server-side). */
export const exportDataMutation = mutationOptions({
  mutationKey: ['account', 'export-data'],
  mutationFn: () => callRpc<unknown>('export_my_data'),
});

/** The user's TOTP factors (needs the network: auth-js asks GoTrue for the user). */
export function totpFactorsQuery(userId: string, isEnabled: boolean) {
  return queryOptions({
    queryKey: ['account', 'mfa', 'factors', userId],
    enabled: isEnabled,
    queryFn: () => listTotpFactors(),
  });
}

/** aal1/aal2 of the session and whether the user could reach aal2; read locally from the session. */
export function assuranceQuery(userId: string, isEnabled: boolean) {
  return queryOptions({
    queryKey: ['account', 'mfa', 'aal', userId],
    enabled: isEnabled,
    queryFn: () => getAssuranceLevels(),
    networkMode: 'always',
    staleTime: 0,
  });
}

/** After a code was verified, a factor added or removed, or a new sign-in: levels and factors changed. */
export function invalidateMfaState(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: ['account', 'mfa'] });
}

export const enrolTotpMutation = mutationOptions({
  mutationKey: ['account', 'mfa', 'enrol'],
  mutationFn: (friendlyName: string) => enrolTotpFactor(friendlyName),
});

/**
 * Tells the database the user's factors changed (enrolled or removed), so what it derives from
 * them (e.g. the team's MFA badges, the audit trail) follows at once. The factor change itself
 * already happened in Supabase Auth and stands whatever this answers: a failure is logged, not
 * shown — the user did what they meant to. A database without the RPC yet (404 PGRST202, during
 * a deployment) is expected for a while.
 */
export async function reconcileMfaState(): Promise<void> {
  try {
    await callRpc('reconcile_my_mfa');
  } catch (error) {
    if (isRpcNotDeployed(error)) {
      console.warn('reconcile_my_mfa is not deployed on this database yet; skipped.', error);
      return;
    }
    console.error('reconcile_my_mfa failed after an MFA change.', error);
  }
}

export const verifyTotpMutation = mutationOptions({
  mutationKey: ['account', 'mfa', 'verify'],
  mutationFn: ({ factorId, code }: { readonly factorId: string; readonly code: string }) =>
    verifyTotpCode(factorId, code),
});

/** The first code of a new factor: the factor becomes verified, then the database is told. */
export const completeTotpEnrolmentMutation = mutationOptions({
  mutationKey: ['account', 'mfa', 'complete-enrolment'],
  mutationFn: async ({ factorId, code }: { readonly factorId: string; readonly code: string }) => {
    await verifyTotpCode(factorId, code);
    await reconcileMfaState();
  },
});

export type RemoveTotpVariables = {
  readonly factorId: string;
  /** A current code: steps the session up to aal2 first, as GoTrue requires for a verified factor. */
  readonly code?: string | undefined;
  /** The device showing that code, when it is not the one being removed (e.g. a lost phone). */
  readonly verifyWithFactorId?: string | undefined;
};

export const removeTotpMutation = mutationOptions({
  mutationKey: ['account', 'mfa', 'remove'],
  mutationFn: async ({ factorId, code, verifyWithFactorId }: RemoveTotpVariables) => {
    if (code !== undefined) await verifyTotpCode(verifyWithFactorId ?? factorId, code);
    await removeTotpFactor(factorId);
    await reconcileMfaState();
  },
});

/**
 * Unlock online: signing in again with the same email proves the person at the device knows the
 * password. Goes through the protected sign-in, so the failure limits apply here too. Runs even
 * when the browser says offline, to fail at once with "you are offline".
 */
export const unlockWithPasswordMutation = mutationOptions({
  networkMode: 'always',
  mutationKey: ['account', 'unlock'],
  mutationFn: ({ email, password }: { readonly email: string; readonly password: string }) =>
    signInWithPassword(email, password),
});

/** Works offline too: the session is then ended on this device only (lib/supabase's signOut). */
export const signOutFromLockMutation = mutationOptions({
  networkMode: 'always',
  mutationKey: ['account', 'sign-out'],
  mutationFn: () => signOut(),
});

/**
 * Deletes the user's account and everything personal (the database refuses with `last_owner`,
 * naming the companies, while the user is the only owner of one). Needs the network: it fails
 * at once offline rather than waiting.
 */
export const deleteAccountMutation = mutationOptions({
  networkMode: 'always',
  mutationKey: ['account', 'delete'],
  mutationFn: () => callRpc<unknown>('delete_my_account'),
});
