/**
 * /auth/v1 — a stand-in for Supabase Auth (GoTrue) that the unmodified auth-js inside
 * supabase-js talks to: the routes of supabase/auth internal/api/api.go that Comptoir uses,
 * backed by the same auth.* tables, with GoTrue's JSON shapes, error envelopes and status codes.
 * See /work/shared/reference/supabase-subset.md §3 and the modules next to this file.
 *
 * Deliberate differences, all on paths GoTrue leaves to its router: an unknown path is a JSON
 * 404 `not_found` and a known path with the wrong method a JSON 405 `method_not_allowed`, in the
 * caller's error envelope (GoTrue's chi router answers plain text). Phone auth, OAuth providers,
 * SAML, passkeys and anonymous sign-ins are not emulated (all disabled in config.toml).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { applyEdgeForwarding, sendEmpty, sendJson } from '../http.ts';
import type { PrefixService } from '../server.ts';
import { handleGetUser, handleLogout, handleUpdateUser } from './account.ts';
import { handleAdminFactors, handleAdminUsers, handleInvite } from './admin.ts';
import { handleGenerateLink } from './generate-link.ts';
import type { AuthDeps, AuthRequest, AuthServiceContext, Reply } from './deps.ts';
import { createAuthRequest, replyJson } from './deps.ts';
import { AuthError, createBadRequest, sendAuthError } from './errors.ts';
import { handleChallengeFactor, handleEnrollFactor, handleUnenrollFactor, handleVerifyFactor } from './mfa.ts';
import { handleMagicLink, handleOtp, handleRecover, handleResend } from './otp.ts';
import type { AuthSettings } from './settings.ts';
import { loadAuthSettings } from './settings.ts';
import { handleSignup } from './signup.ts';
import { handleToken } from './token-grants.ts';
import { handleVerifyGet, handleVerifyPost } from './verify.ts';

/** The GoTrue release the Supabase CLI pins (reported by GET /health). */
const GOTRUE_VERSION = 'v2.189.0';

/** OAuth providers GoTrue knows (GET /settings `external` keys, /authorize names). */
const OAUTH_PROVIDERS = [
  'apple',
  'azure',
  'bitbucket',
  'discord',
  'facebook',
  'snapchat',
  'figma',
  'fly',
  'github',
  'gitlab',
  'google',
  'keycloak',
  'kakao',
  'linkedin',
  'linkedin_oidc',
  'notion',
  'spotify',
  'slack',
  'slack_oidc',
  'workos',
  'twitch',
  'twitter',
  'zoom',
] as const;

type Handler = (deps: AuthDeps, request: AuthRequest, params: readonly string[]) => Promise<Reply>;
type Route = { readonly pattern: RegExp; readonly methods: Readonly<Record<string, Handler>> };

function handleSettings(deps: AuthDeps): Promise<Reply> {
  const { settings } = deps;
  const external: Record<string, boolean> = { anonymous_users: settings.anonymousEnabled };
  for (const provider of OAUTH_PROVIDERS) external[provider] = provider === 'google' && settings.externalGoogleEnabled;
  external['email'] = settings.emailEnabled;
  external['phone'] = settings.phoneEnabled;
  return Promise.resolve(
    replyJson({
      external,
      disable_signup: settings.disableSignup,
      mailer_autoconfirm: settings.mailerAutoconfirm,
      phone_autoconfirm: settings.phoneAutoconfirm,
      sms_provider: '',
      saml_enabled: false,
      saml_private_key_next_configured: false,
      passkeys_enabled: false,
    }),
  );
}

/** GET /authorize?provider=…: GoTrue's answer when the provider cannot be used. */
function handleAuthorize(deps: AuthDeps, request: AuthRequest): Promise<Reply> {
  const provider = (request.url.searchParams.get('provider') ?? '').toLowerCase();
  if (!(OAUTH_PROVIDERS as readonly string[]).includes(provider)) {
    throw createBadRequest('validation_failed', `Unsupported provider: Provider ${provider} could not be found`);
  }
  if (provider !== 'google' || !deps.settings.externalGoogleEnabled) {
    throw createBadRequest('validation_failed', 'Unsupported provider: provider is not enabled');
  }
  // Enabled in config.toml, but the stand-in has no network access to Google.
  throw createBadRequest('validation_failed', 'Unsupported provider: missing OAuth client ID');
}

const ROUTES: readonly Route[] = [
  {
    pattern: /^\/health$/,
    methods: {
      GET: () =>
        Promise.resolve(
          replyJson({
            version: GOTRUE_VERSION,
            name: 'GoTrue',
            description: 'GoTrue is a user registration and authentication API',
          }),
        ),
    },
  },
  {
    pattern: /^\/\.well-known\/jwks\.json$/,
    // HMAC keys are never published: under HS256 the set is empty.
    methods: { GET: () => Promise.resolve(replyJson({ keys: [] }, 200, { 'Cache-Control': 'public, max-age=600' })) },
  },
  { pattern: /^\/settings$/, methods: { GET: (deps) => handleSettings(deps) } },
  { pattern: /^\/authorize$/, methods: { GET: (deps, request) => handleAuthorize(deps, request) } },
  { pattern: /^\/signup$/, methods: { POST: handleSignup } },
  { pattern: /^\/token$/, methods: { POST: handleToken } },
  { pattern: /^\/otp$/, methods: { POST: handleOtp } },
  { pattern: /^\/magiclink$/, methods: { POST: handleMagicLink } },
  { pattern: /^\/recover$/, methods: { POST: handleRecover } },
  { pattern: /^\/resend$/, methods: { POST: handleResend } },
  { pattern: /^\/verify$/, methods: { GET: handleVerifyGet, POST: handleVerifyPost } },
  { pattern: /^\/logout$/, methods: { POST: handleLogout } },
  { pattern: /^\/user$/, methods: { GET: handleGetUser, PUT: handleUpdateUser } },
  { pattern: /^\/factors$/, methods: { POST: handleEnrollFactor } },
  {
    pattern: /^\/factors\/([^/]+)$/,
    methods: { DELETE: (deps, request, [id]) => handleUnenrollFactor(deps, request, id ?? '') },
  },
  {
    pattern: /^\/factors\/([^/]+)\/challenge$/,
    methods: { POST: (deps, request, [id]) => handleChallengeFactor(deps, request, id ?? '') },
  },
  {
    pattern: /^\/factors\/([^/]+)\/verify$/,
    methods: { POST: (deps, request, [id]) => handleVerifyFactor(deps, request, id ?? '') },
  },
  { pattern: /^\/invite$/, methods: { POST: handleInvite } },
  {
    pattern: /^\/admin\/users$/,
    methods: {
      GET: (deps, request) => handleAdminUsers(deps, request, undefined),
      POST: (deps, request) => handleAdminUsers(deps, request, undefined),
    },
  },
  {
    pattern: /^\/admin\/users\/([^/]+)$/,
    methods: {
      GET: (deps, request, [id]) => handleAdminUsers(deps, request, id ?? ''),
      PUT: (deps, request, [id]) => handleAdminUsers(deps, request, id ?? ''),
      DELETE: (deps, request, [id]) => handleAdminUsers(deps, request, id ?? ''),
    },
  },
  {
    pattern: /^\/admin\/users\/([^/]+)\/factors$/,
    methods: { GET: (deps, request, [id]) => handleAdminFactors(deps, request, id ?? '', undefined) },
  },
  {
    pattern: /^\/admin\/users\/([^/]+)\/factors\/([^/]+)$/,
    methods: { DELETE: (deps, request, [id, factorId]) => handleAdminFactors(deps, request, id ?? '', factorId ?? '') },
  },
  { pattern: /^\/admin\/generate_link$/, methods: { POST: handleGenerateLink } },
];

function decodePathSegments(match: RegExpExecArray): string[] {
  return match.slice(1).map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
}

async function dispatch(deps: AuthDeps, request: AuthRequest, subpath: string): Promise<Reply> {
  const path = subpath.length > 1 ? subpath.replace(/\/+$/, '') : subpath;
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    const handler = route.methods[request.method];
    if (!handler) throw new AuthError(405, 'method_not_allowed', `Method ${request.method} not allowed on ${path}`);
    return handler(deps, request, decodePathSegments(match));
  }
  throw new AuthError(404, 'not_found', `Not found: ${path}`);
}

/** Go's http.Redirect escapes non-ASCII bytes of the Location (hexEscapeNonASCII). */
function escapeNonAscii(url: string): string {
  return [...Buffer.from(url, 'utf8')]
    .map((byte) => (byte >= 0x80 ? `%${byte.toString(16).toUpperCase()}` : String.fromCharCode(byte)))
    .join('');
}

function sendReply(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.status === 303) {
    const location = escapeNonAscii(headers['Location'] ?? '');
    headers['Location'] = location;
    const html = `<a href="${location.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}">See Other</a>.\n\n`;
    res.writeHead(303, {
      ...headers,
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': Buffer.byteLength(html),
    });
    res.end(html);
    return;
  }
  if (reply.body === undefined) {
    sendEmpty(res, reply.status, headers);
    return;
  }
  sendJson(res, reply.status, reply.body, headers);
}

/**
 * The /auth/v1 service. `overrides` replace settings derived from config.toml — tests use it
 * to run an instance with hooks or other limits without editing the project's config.
 */
export function createAuthService(ctx: AuthServiceContext, overrides: Partial<AuthSettings> = {}): PrefixService {
  const deps: AuthDeps = { ctx, settings: { ...loadAuthSettings(ctx), ...overrides } };
  return {
    async handle(req: IncomingMessage, res: ServerResponse, url: URL, subpath: string): Promise<void> {
      // As behind the platform's edge: GoTrue's client IP is then the left-most X-Forwarded-For
      // entry (the client's own, or the peer when the client sent none).
      applyEdgeForwarding(req);
      try {
        sendReply(res, await dispatch(deps, createAuthRequest(req, url), subpath));
      } catch (error) {
        sendAuthError(req, res, error, ctx.log);
      }
    },
  };
}
