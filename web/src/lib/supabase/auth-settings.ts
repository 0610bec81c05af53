/**
 * Which sign-in methods the Supabase project offers, from GoTrue's public `GET /auth/v1/settings`
 * (`external.<provider>: boolean`). The PWA shows "Continue with Google" only when the project
 * has Google configured, so one build works for projects with and without it.
 */
import { AppError } from '@shared/errors/app-error.ts';
import { getSupabaseConfig } from './client.ts';
import { createNetworkError } from './errors.ts';

export type AuthProviders = {
  readonly isGoogleEnabled: boolean;
};

function readExternal(body: unknown): Readonly<Record<string, unknown>> {
  if (typeof body !== 'object' || body === null) return {};
  const external = (body as Record<string, unknown>)['external'];
  return typeof external === 'object' && external !== null ? (external as Record<string, unknown>) : {};
}

/** Reads GoTrue's settings; throws an AppError when the server cannot be reached or answers badly. */
export async function getAuthProviders(signal?: AbortSignal): Promise<AuthProviders> {
  const { supabaseUrl, supabaseAnonKey } = getSupabaseConfig();
  let response: Response;
  try {
    response = await fetch(`${supabaseUrl}/auth/v1/settings`, {
      headers: { apikey: supabaseAnonKey, Accept: 'application/json' },
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    throw createNetworkError(error);
  }
  if (!response.ok) throw new AppError('UNAVAILABLE', `auth settings answered ${response.status}`);
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    throw new AppError('UNAVAILABLE', 'auth settings answered with invalid JSON', { cause: error });
  }
  return { isGoogleEnabled: readExternal(body)['google'] === true };
}
