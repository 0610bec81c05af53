/**
 * POST /functions/v1/sign-in `{email, password}` — the PWA's password sign-in, with the per-IP
 * limit of issue F2 (seed 000: 5 failures per 15 minutes per account and per IP).
 *
 * Why a function: the per-account limit lives in Supabase Auth's password_verification_attempt
 * hook and holds on every path, but hooks cannot limit per IP — their `metadata.ip_address` is the
 * left-most X-Forwarded-For entry, which the client writes itself, and no hook runs at all for an
 * email that matches no account. Only code behind the platform's proxy sees an address the client
 * cannot choose (`cf-connecting-ip`, _shared/client-ip.ts). So this function:
 *
 * 1. refuses with 429 RATE_LIMITED (`details.retry_after_seconds`, Retry-After header) an IP with
 *    5 failed or in-flight attempts in the last 15 minutes — the first refusal of each lock is
 *    audited, the others only counted;
 * 2. without the hook (`COMPTOIR_PASSWORD_HOOK=off`: hosted plans below Team do not offer it), it
 *    also enforces the per-account limit itself, with the same table and rule, and refuses a
 *    locked account exactly as GoTrue does when the hook refuses: 400
 *    `{code: 'invalid_credentials', message: 'too_many_attempts retry_after=<seconds>'}`;
 * 3. otherwise reserves the attempt(s) and calls GoTrue's password grant with the anon key, as
 *    supabase-js would, forwarding the client IP and user agent (GoTrue's own per-IP limits, its
 *    sessions and the hooks' `reported_ip` then name the client, not this function);
 * 4. counts `invalid_credentials` against the IP (and the account without the hook), audits the
 *    failures no hook audits (unknown email, account without password, banned, unconfirmed…), and
 *    returns GoTrue's answer as is, status preserved: the session for
 *    `supabase.auth.setSession`, or GoTrue's error in its current shape `{code, message}` —
 *    including the account limit's `too_many_attempts retry_after=<seconds>` message.
 *
 * The lock is on passwords only: email links and codes still sign a locked-out user in, so an
 * attacker who keeps guessing cannot keep the owner out. A success does not reset the IP
 * counter: one valid account must not buy an attacker fresh guesses at others. The function
 * needs no JWT (verify_jwt = false): its caller is signing in.
 */
import { AppError } from '../../shared/errors/app-error.ts';
import { readClientIp } from '../_shared/client-ip.ts';
import { CORS_HEADERS, errorResponse, json } from '../_shared/http.ts';

/** Who is trying, as the bookkeeping records it. */
export type AttemptContext = {
  readonly ip: string | null;
  readonly email: string;
  readonly userAgent: string | null;
};

/** What the bookkeeping reserved: an IP attempt, and an account attempt when it enforces that limit. */
export type AttemptTicket = {
  readonly ipAttemptId: string | null;
  readonly accountAttemptId: string | null;
};

export type AttemptStart =
  | { readonly kind: 'refused'; readonly scope: 'ip' | 'account'; readonly retryAfterSeconds: number }
  | { readonly kind: 'admitted'; readonly ticket: AttemptTicket };

/**
 * How an attempt ended: `succeeded`, `abandoned` (GoTrue never answered), or GoTrue's error code
 * (`invalid_credentials`, `user_banned`, `email_not_confirmed`, … or `http_<status>`).
 */
export type AttemptOutcome = string;

export type PasswordGrantRequest = {
  readonly email: string;
  readonly password: string;
  readonly clientIp: string | null;
  readonly userAgent: string | null;
};

/** GoTrue's answer: status, decoded JSON body (null when not JSON), its x-sb-error-code header. */
export type PasswordGrantReply = {
  readonly status: number;
  readonly body: unknown;
  readonly errorCodeHeader: string | null;
};

export type SignInDeps = {
  /**
   * Checks the IP's limit — and the account's when `enforceAccountLimit` — auditing the first
   * refusal of a lock, and reserves the attempt(s).
   */
  beginAttempt(context: AttemptContext & { readonly enforceAccountLimit: boolean }): Promise<AttemptStart>;
  /** Settles the reserved attempts: counts credential failures, audits what no hook audited. */
  finishAttempt(
    context: AttemptContext & { readonly ticket: AttemptTicket; readonly outcome: AttemptOutcome },
  ): Promise<void>;
  /** POST /auth/v1/token?grant_type=password; throws when GoTrue cannot be reached. */
  requestPasswordGrant(request: PasswordGrantRequest): Promise<PasswordGrantReply>;
  /**
   * False when Supabase Auth has no password_verification_attempt hook (COMPTOIR_PASSWORD_HOOK=off):
   * the function then enforces the per-account limit itself.
   */
  readonly isPasswordHookEnabled: boolean;
  log?(line: string): void;
};

/** COMPTOIR_PASSWORD_HOOK: `off` says the project has no password hook; anything else, that it has. */
export function readPasswordHookSetting(value: string | undefined): boolean {
  return (value ?? '').trim().toLowerCase() !== 'off';
}

/** Bodies larger than this are not sign-in requests. */
const MAX_BODY_LENGTH = 8 * 1024;
const MAX_EMAIL_LENGTH = 320;
const MAX_PASSWORD_LENGTH = 1024;
const MAX_USER_AGENT_LENGTH = 500;

type Credentials = { readonly email: string; readonly password: string };

function createInvalidInput(message: string, details: Record<string, unknown>): AppError {
  return new AppError('INVALID_INPUT', message, { details });
}

async function readCredentials(req: Request): Promise<Credentials> {
  const text = await req.text().catch(() => '');
  if (text.length > MAX_BODY_LENGTH) throw createInvalidInput('body too large', { reason: 'body_too_large' });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw createInvalidInput('body is not JSON', { reason: 'invalid_json' });
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw createInvalidInput('body is not an object', { reason: 'invalid_json' });
  }
  const { email, password } = body as Record<string, unknown>;
  const fields: string[] = [];
  if (typeof email !== 'string' || email.trim() === '' || email.length > MAX_EMAIL_LENGTH) fields.push('email');
  if (typeof password !== 'string' || password === '' || password.length > MAX_PASSWORD_LENGTH) fields.push('password');
  if (fields.length > 0) throw createInvalidInput('missing or invalid fields', { fields });
  return { email: email as string, password: password as string };
}

/** GoTrue's error code: x-sb-error-code, else `code` (current shape) or `error_code` (legacy). */
export function readGoTrueErrorCode(reply: PasswordGrantReply): string | null {
  if (reply.errorCodeHeader) return reply.errorCodeHeader;
  if (reply.body !== null && typeof reply.body === 'object' && !Array.isArray(reply.body)) {
    const { code, error_code: errorCode } = reply.body as Record<string, unknown>;
    if (typeof code === 'string' && code !== '') return code;
    if (typeof errorCode === 'string' && errorCode !== '') return errorCode;
  }
  return null;
}

function describeOutcome(reply: PasswordGrantReply): AttemptOutcome {
  if (reply.status >= 200 && reply.status < 300) return 'succeeded';
  return readGoTrueErrorCode(reply) ?? `http_${reply.status}`;
}

/** The refusal of a locked account, exactly as GoTrue answers when the password hook refuses. */
function createAccountLocked(retryAfterSeconds: number): Response {
  return json({ code: 'invalid_credentials', message: `too_many_attempts retry_after=${retryAfterSeconds}` }, 400, {
    'x-sb-error-code': 'invalid_credentials',
  });
}

function createRateLimited(retryAfterSeconds: number): Response {
  const error = new AppError('RATE_LIMITED', 'too many failed sign-ins from this IP', {
    userMessage: 'auth.errors.too_many_attempts',
    details: { retry_after_seconds: retryAfterSeconds },
  });
  return json(error.toJSON(), error.httpStatus, { 'Retry-After': String(retryAfterSeconds) });
}

export function createHandler(deps: SignInDeps): (req: Request) => Promise<Response> {
  const log = deps.log ?? console.error;
  return async (req) => {
    if (req.method === 'OPTIONS') return new Response(null, { status: 204, headers: CORS_HEADERS });
    try {
      if (req.method !== 'POST') {
        return json({ code: 'INVALID_INPUT', userMessage: 'errors.methodNotAllowed' }, 405, { Allow: 'POST' });
      }
      const credentials = await readCredentials(req);
      const clientIp = readClientIp(req.headers);
      const context: AttemptContext = {
        ip: clientIp.address,
        email: credentials.email,
        userAgent: req.headers.get('user-agent')?.slice(0, MAX_USER_AGENT_LENGTH) ?? null,
      };
      if (clientIp.source === 'x-forwarded-for' && context.ip !== null) {
        // The platform sets cf-connecting-ip; without it the right-most hop is the best guess,
        // but it may be a proxy shared by many clients. Worth knowing when it happens.
        log('sign-in: no cf-connecting-ip; per-IP limit keyed on the right-most x-forwarded-for entry');
      }
      // Without an address we cannot count per IP; the per-account limit still applies.
      if (context.ip === null) {
        log(`sign-in: no readable client IP (${clientIp.source ?? 'no header'}); per-IP limit skipped`);
      }

      let start: AttemptStart;
      try {
        start = await deps.beginAttempt({ ...context, enforceAccountLimit: !deps.isPasswordHookEnabled });
      } catch (cause) {
        throw new AppError('UNAVAILABLE', 'sign-in bookkeeping unavailable', { cause });
      }
      if (start.kind === 'refused') {
        return start.scope === 'account'
          ? createAccountLocked(start.retryAfterSeconds)
          : createRateLimited(start.retryAfterSeconds);
      }

      let reply: PasswordGrantReply;
      try {
        reply = await deps.requestPasswordGrant({
          email: credentials.email,
          password: credentials.password,
          clientIp: context.ip,
          userAgent: context.userAgent,
        });
      } catch (cause) {
        await deps.finishAttempt({ ...context, ticket: start.ticket, outcome: 'abandoned' }).catch(() => {});
        throw new AppError('UNAVAILABLE', 'auth server unreachable', { cause });
      }

      try {
        await deps.finishAttempt({ ...context, ticket: start.ticket, outcome: describeOutcome(reply) });
      } catch (error) {
        // GoTrue has answered (a session may exist already): its answer stands. The reserved
        // attempts stay pending, so they still count until the window passes.
        log(`sign-in: could not settle attempt: ${error instanceof Error ? error.message : String(error)}`);
      }
      return json(
        reply.body ?? { code: 'unexpected_failure', message: 'Unexpected answer from the auth server' },
        reply.status,
      );
    } catch (error) {
      return errorResponse(error, log);
    }
  };
}
