/** Calls edge functions with the signed-in user's token (supabase-js adds it); throws AppError. */
import { getSupabaseClient } from './client.ts';
import { toFunctionsAppError } from './errors.ts';
import { announceIfMfaRequired } from './mfa-required.ts';

export type InvokeOptions = {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly body?: Record<string, unknown>;
  readonly signal?: AbortSignal;
};

/** The function's JSON answer, still untyped: callers validate it (zod) before use. */
export async function invokeFunction(name: string, options: InvokeOptions = {}): Promise<unknown> {
  let result: { data: unknown; error: unknown };
  try {
    result = await getSupabaseClient().functions.invoke(name, {
      method: options.method ?? 'POST',
      ...(options.body ? { body: options.body } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    throw announceIfMfaRequired(await toFunctionsAppError(error));
  }
  if (result.error) throw announceIfMfaRequired(await toFunctionsAppError(result.error));
  return result.data;
}
