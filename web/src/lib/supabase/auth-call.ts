/** Runs an auth-js call: its `{ error }` result and anything it throws become AppErrors. */
import { toAuthAppError } from './errors.ts';

export async function runAuthCall<R extends { readonly error: unknown }>(operation: () => Promise<R>): Promise<R> {
  let result: R;
  try {
    result = await operation();
  } catch (error) {
    throw toAuthAppError(error);
  }
  if (result.error) throw toAuthAppError(result.error);
  return result;
}
