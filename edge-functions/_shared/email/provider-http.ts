/**
 * HTTP plumbing the email providers share. Any failure — no answer, a timeout, a refusal —
 * becomes AppError UNAVAILABLE whose internal message (logged, never sent to the caller) says
 * what happened; request headers, and therefore API keys, never appear in it. A timeout is the
 * one failure after which the message may still arrive: it is an EmailDeliveryUnknownError.
 */
import { AppError } from '../../../shared/errors/app-error.ts';

export type ProviderTransport = {
  readonly fetch: typeof fetch;
  /** How long a provider may take before the send counts as failed. */
  readonly timeoutMs: number;
  /** The sender, e.g. `Comptoir <no-reply@comptoir.app>`. */
  readonly from: string;
};

export function createProviderError(provider: string, detail: string, cause?: unknown): AppError {
  return new AppError('UNAVAILABLE', `${provider}: ${detail}`, cause === undefined ? {} : { cause });
}

/**
 * A send whose outcome nobody knows: the request left, the provider did not answer in time, and
 * may still deliver the message. Callers must not act as if it was not sent (e.g. revoke a link
 * the recipient may be reading).
 */
export class EmailDeliveryUnknownError extends AppError {
  constructor(provider: string, cause: unknown) {
    super('UNAVAILABLE', `${provider}: no answer within the time limit; delivery unknown`, { cause });
  }
}

/** True for a send that may still have been delivered (see EmailDeliveryUnknownError). */
export function isEmailDeliveryUnknown(error: unknown): boolean {
  return error instanceof EmailDeliveryUnknownError;
}

/** POSTs JSON; network failures and timeouts become UNAVAILABLE. */
export async function postJson(
  transport: ProviderTransport,
  provider: string,
  url: string,
  headers: Record<string, string>,
  body: unknown,
): Promise<Response> {
  try {
    return await transport.fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(transport.timeoutMs),
    });
  } catch (cause) {
    // AbortSignal.timeout fires a TimeoutError: the request went out and no answer came back.
    if (cause instanceof Error && cause.name === 'TimeoutError') throw new EmailDeliveryUnknownError(provider, cause);
    const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    throw createProviderError(provider, `request failed (${reason})`, cause);
  }
}

/** The response body as JSON, or undefined when it is not JSON (or cannot be read). */
export async function readJsonBody(response: Response): Promise<unknown> {
  try {
    return JSON.parse(await response.text()) as unknown;
  } catch {
    return undefined;
  }
}

/** A string field of a JSON object, if present. */
export function readStringField(body: unknown, field: string): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const value = (body as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : undefined;
}
