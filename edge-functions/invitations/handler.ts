/**
 * POST /functions/v1/invitations — invites someone to a tenant by email, or resends an invitation.
 *
 *   {tenant_id, email, role}          → public.invite_member, then the email      → 201
 *   {invitation_id, resend: true}     → public.resend_invitation, then the email  → 200
 *
 * Both answer `{invitation_id, email, role, expires_at}`. The RPCs run AS THE CALLER (their JWT),
 * so RLS, the role-rank guard, the MFA requirement and the invitation quotas decide exactly as
 * for any other call, and the database's refusals are passed on with their status and
 * `{code, userMessage: 'errors.rpc.<code>', details}` (429 too_many_invitations with
 * `details.retry_after_seconds` and a Retry-After header). They return no token: the one-time
 * token is then minted by public.issue_invitation_token with the service role, so it exists only
 * in the email — never in a response the caller, or anyone holding their session, can read.
 *
 * When the email cannot be sent after invite_member created the row, the invitation is revoked
 * (so the user can simply retry, instead of meeting `already_invited` for an invitation nobody
 * received) and the answer is 503 UNAVAILABLE with `errors.rpc.invitation_email_failed`. When the
 * provider did not answer in time, the email may still arrive: nothing is revoked and the answer
 * is 503 with `errors.rpc.invitation_email_unknown` (the PWA says to check the invitations list
 * before resending). A failed resend revokes nothing: resending again is the retry.
 */
import { AppError, appErrorFromPostgres, type ErrorCode } from '../../shared/errors/app-error.ts';
import { isTenantRole, type TenantRole } from '../../shared/permissions/roles.ts';
import { isEmailDeliveryUnknown, type SendEmail } from '../_shared/email/send-email.ts';
import { CORS_HEADERS, errorResponse, json, readCallerClaims } from '../_shared/http.ts';
import { buildInvitationEmail } from './invitation-email.ts';

/** A PostgREST error as supabase-js hands it over. */
export type RpcError = {
  readonly code?: string;
  readonly message?: string;
  readonly details?: string | null;
  readonly hint?: string | null;
};

/** What supabase-js answers for an RPC; status 0 means no answer at all. */
export type RpcResult = {
  readonly data: unknown;
  readonly error: RpcError | null;
  readonly status: number;
};

/** RPCs made with the caller's JWT. */
export type CallerDatabase = {
  callRpc(fn: string, args: Record<string, unknown>): Promise<RpcResult>;
};

export type InvitationsDeps = {
  /** Database access as the caller (their Authorization header). */
  openCallerDatabase(authorization: string): CallerDatabase;
  /**
   * public.issue_invitation_token with the service role, after the caller's RPC on that very
   * invitation succeeded: a fresh one-time token (its hash replaces the stored one).
   */
  issueInvitationToken(invitationId: string): Promise<string>;
  sendEmail: SendEmail;
  /** COMPTOIR_APP_URL: the PWA, where the invitation link leads. */
  readonly appUrl: string | undefined;
  log?(line: string): void;
};

export type InvitationAnswer = {
  readonly invitation_id: string;
  readonly email: string;
  readonly role: TenantRole;
  readonly expires_at: string;
};

type Command =
  | { readonly kind: 'invite'; readonly tenantId: string; readonly email: string; readonly role: TenantRole }
  | { readonly kind: 'resend'; readonly invitationId: string };

/** A row of invite_member / resend_invitation: the invitation and what its email shows. */
type IssuedInvitation = InvitationAnswer & {
  readonly tenantName: string;
  readonly tenantLocale: string;
  readonly tenantTimeZone: string;
  readonly inviterName: string;
};

const MAX_BODY_BYTES = 16 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * The WHATWG "valid e-mail address" (what `<input type=email>` accepts), with a dot required in
 * the domain as public.invitations' check does.
 */
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;
const MAX_EMAIL_LENGTH = 254;

/** AppError codes for the statuses private.raise_error uses (as the PWA's rpc.ts maps them). */
const CODE_BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: 'INVALID_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  410: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
};

function createInvalidField(field: string): AppError {
  return new AppError('INVALID_INPUT', `invalid ${field}`, {
    userMessage: 'errors.rpc.invalid_input',
    details: { field },
  });
}

async function readJsonObject(req: Request): Promise<Record<string, unknown>> {
  if (Number(req.headers.get('content-length') ?? '0') > MAX_BODY_BYTES) {
    throw new AppError('PAYLOAD_TOO_LARGE', 'invitation body too large');
  }
  let text: string;
  try {
    const bytes = await req.arrayBuffer();
    if (bytes.byteLength > MAX_BODY_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'invitation body too large');
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('INVALID_INPUT', 'unreadable body', { cause: error });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (cause) {
    throw new AppError('INVALID_INPUT', 'body is not JSON', { cause });
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new AppError('INVALID_INPUT', 'body is not a JSON object');
  }
  return body as Record<string, unknown>;
}

/** The request as a command; field errors name the field (`details.field`). */
function parseCommand(body: Record<string, unknown>): Command {
  const resend = body['resend'];
  if (resend !== undefined && typeof resend !== 'boolean') throw createInvalidField('resend');
  if (resend === true) {
    const invitationId = body['invitation_id'];
    if (typeof invitationId !== 'string' || !UUID.test(invitationId)) throw createInvalidField('invitation_id');
    return { kind: 'resend', invitationId: invitationId.toLowerCase() };
  }
  const tenantId = body['tenant_id'];
  if (typeof tenantId !== 'string' || !UUID.test(tenantId)) throw createInvalidField('tenant_id');
  const rawEmail = body['email'];
  const email = typeof rawEmail === 'string' ? rawEmail.trim().toLowerCase() : '';
  if (email.length > MAX_EMAIL_LENGTH || !EMAIL.test(email)) throw createInvalidField('email');
  const role = body['role'];
  if (!isTenantRole(role)) throw createInvalidField('role');
  return { kind: 'invite', tenantId: tenantId.toLowerCase(), email, role };
}

function parseDetails(details: string | null | undefined): Record<string, unknown> {
  if (!details) return {};
  try {
    const parsed = JSON.parse(details) as unknown;
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/**
 * A refusal the database raised on purpose (private.raise_error: message = code, hint =
 * errors.rpc.<code>, PT<status>) is passed on as is; anything else is mapped like any Postgres
 * error, and no answer at all is UNAVAILABLE.
 */
function respondToRpcError(fn: string, error: RpcError, status: number): Response {
  const message = error.message ?? '';
  if ((error.hint ?? '').startsWith('errors.rpc.') && /^[a-z_]+$/.test(message)) {
    const fromCode = /^PT(\d{3})$/.exec(error.code ?? '')?.[1];
    const httpStatus = status >= 400 && status <= 599 ? status : Number(fromCode ?? 400);
    const code = CODE_BY_STATUS[httpStatus] ?? (httpStatus >= 500 ? 'UNAVAILABLE' : 'INVALID_INPUT');
    const details = parseDetails(error.details);
    const retryAfter = details['retry_after_seconds'];
    const headers: Record<string, string> =
      httpStatus === 429 && typeof retryAfter === 'number' && Number.isInteger(retryAfter) && retryAfter > 0
        ? { 'Retry-After': String(retryAfter) }
        : {};
    return json({ code, userMessage: `errors.rpc.${message}`, details }, httpStatus, headers);
  }
  if (status === 0) throw new AppError('UNAVAILABLE', `${fn}: no answer from the database`, { cause: error });
  throw appErrorFromPostgres(error);
}

/** invite_member / resend_invitation return one row (a set, so supabase-js gives an array). */
function readIssuedInvitation(fn: string, data: unknown): IssuedInvitation {
  const row: unknown = Array.isArray(data) ? data[0] : data;
  const r = row !== null && typeof row === 'object' ? (row as Record<string, unknown>) : {};
  const [id, email, role, expiresAt, tenantName] = [
    r['invitation_id'],
    r['email'],
    r['role'],
    r['expires_at'],
    r['tenant_name'],
  ];
  if (
    typeof id !== 'string' || typeof email !== 'string' || !isTenantRole(role) || typeof expiresAt !== 'string' ||
    typeof tenantName !== 'string'
  ) {
    throw new AppError('INTERNAL', `${fn} answered an unexpected row`);
  }
  const readText = (value: unknown, fallback: string): string => (typeof value === 'string' ? value : fallback);
  return {
    invitation_id: id,
    email,
    role,
    expires_at: expiresAt,
    tenantName,
    tenantLocale: readText(r['tenant_locale'], 'fr-FR'),
    tenantTimeZone: readText(r['tenant_time_zone'], 'Europe/Paris'),
    inviterName: readText(r['inviter_name'], ''),
  };
}

function buildInvitationLink(appUrl: string, token: string): string {
  return `${appUrl.replace(/\/+$/, '')}/invitation?token=${encodeURIComponent(token)}`;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createHandler(deps: InvitationsDeps): (req: Request) => Promise<Response> {
  const log = deps.log ?? ((line: string) => console.error(line));

  async function revokeQuietly(db: CallerDatabase, invitationId: string): Promise<void> {
    try {
      const { error } = await db.callRpc('revoke_invitation', { p_invitation_id: invitationId });
      if (error) log(`invitations: could not revoke invitation ${invitationId}: ${error.message ?? error.code ?? ''}`);
      else log(`invitations: revoked invitation ${invitationId} whose email was not sent`);
    } catch (error) {
      log(`invitations: could not revoke invitation ${invitationId}: ${describeError(error)}`);
    }
  }

  /** Mints the token and sends the email; throws what went wrong. */
  async function sendInvitationEmail(issued: IssuedInvitation, appUrl: string): Promise<void> {
    const token = await deps.issueInvitationToken(issued.invitation_id);
    if (typeof token !== 'string' || token === '') throw new Error('issue_invitation_token returned no token');
    const email = buildInvitationEmail({
      locale: issued.tenantLocale,
      timeZone: issued.tenantTimeZone,
      tenantName: issued.tenantName,
      inviterName: issued.inviterName,
      role: issued.role,
      link: buildInvitationLink(appUrl, token),
      expiresAt: issued.expires_at,
    });
    await deps.sendEmail({
      to: issued.email,
      subject: email.subject,
      html: email.html,
      text: email.text,
      tags: { kind: 'invitation', invitation_id: issued.invitation_id },
    });
  }

  async function handle(req: Request): Promise<Response> {
    if (req.method !== 'POST') {
      return json({ code: 'INVALID_INPUT', userMessage: 'errors.methodNotAllowed' }, 405, { Allow: 'POST, OPTIONS' });
    }
    const caller = readCallerClaims(req);
    if (caller.role !== 'authenticated' || !caller.sub) {
      throw new AppError('UNAUTHENTICATED', 'inviting needs a signed-in user');
    }
    const command = parseCommand(await readJsonObject(req));
    if (!deps.appUrl) throw new AppError('UNAVAILABLE', 'COMPTOIR_APP_URL is not set');

    const db = deps.openCallerDatabase(req.headers.get('authorization') ?? '');
    const [fn, args] = command.kind === 'invite'
      ? ['invite_member', { p_tenant_id: command.tenantId, p_email: command.email, p_role: command.role }] as const
      : ['resend_invitation', { p_invitation_id: command.invitationId }] as const;
    let result: RpcResult;
    try {
      result = await db.callRpc(fn, args);
    } catch (cause) {
      throw new AppError('UNAVAILABLE', `${fn}: the call failed`, { cause });
    }
    if (result.error) return respondToRpcError(fn, result.error, result.status);
    const issued = readIssuedInvitation(fn, result.data);

    try {
      await sendInvitationEmail(issued, deps.appUrl);
    } catch (cause) {
      if (isEmailDeliveryUnknown(cause)) {
        // The provider may still deliver it: revoking would kill a link the invitee may be reading.
        log(
          `invitations: email for invitation ${issued.invitation_id} may or may not be sent: ${describeError(cause)}`,
        );
        throw new AppError('UNAVAILABLE', 'invitation email delivery unknown', {
          cause,
          userMessage: 'errors.rpc.invitation_email_unknown',
        });
      }
      log(`invitations: email for invitation ${issued.invitation_id} not sent: ${describeError(cause)}`);
      if (command.kind === 'invite') await revokeQuietly(db, issued.invitation_id);
      throw new AppError('UNAVAILABLE', 'invitation email not sent', {
        cause,
        userMessage: 'errors.rpc.invitation_email_failed',
      });
    }

    const answer: InvitationAnswer = {
      invitation_id: issued.invitation_id,
      email: issued.email,
      role: issued.role,
      expires_at: issued.expires_at,
    };
    return json(answer, command.kind === 'invite' ? 201 : 200);
  }

  return async (req) => {
    if (req.method === 'OPTIONS') return new Response(null, { status: 204, headers: CORS_HEADERS });
    try {
      return await handle(req);
    } catch (error) {
      return errorResponse(error, log);
    }
  };
}
