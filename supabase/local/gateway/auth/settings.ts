/**
 * The auth service's settings: what the Supabase CLI passes GoTrue as GOTRUE_* variables
 * (supabase/cli internal/start/start.go), derived from supabase/config.toml. Most come from
 * `ctx.config.auth` (config.ts); the few keys config.ts does not expose (password requirements,
 * secure email change, provider switches) are read here from the same file.
 *
 * Tests build a service with `createAuthService(ctx, overrides)` to exercise hooks or limits
 * without touching config.toml.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { REPO_ROOT, type ProjectConfig } from '../../config.ts';

/** The email templates GoTrue renders (config.toml [auth.email.template.<kind>]). */
export const TEMPLATE_KINDS = ['confirmation', 'magic_link', 'recovery', 'invite', 'email_change'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

/** Hooks the stand-in runs (config.toml [auth.hook.<name>], pg-functions:// URIs only). */
export type AuthHooks = {
  readonly customAccessToken?: string;
  readonly passwordVerificationAttempt?: string;
  readonly beforeUserCreated?: string;
  readonly mfaVerificationAttempt?: string;
};

export type AuthSettings = {
  /** GOTRUE_SITE_URL: where email links land when redirect_to is absent or not allowed. */
  readonly siteUrl: string;
  /** Other origins treated like the site URL (config.toml site_url when the PWA runs elsewhere). */
  readonly extraSiteUrls: readonly string[];
  /** GOTRUE_URI_ALLOW_LIST: additional_redirect_urls, `*`/`**` globs allowed. */
  readonly redirectAllowList: readonly string[];
  /** API_EXTERNAL_URL and GOTRUE_JWT_ISSUER: `<api url>/auth/v1`. */
  readonly externalUrl: string;
  readonly jwtExpiry: number;
  readonly disableSignup: boolean;
  readonly emailEnabled: boolean;
  readonly phoneEnabled: boolean;
  readonly anonymousEnabled: boolean;
  readonly mailerAutoconfirm: boolean;
  readonly phoneAutoconfirm: boolean;
  readonly minimumPasswordLength: number;
  /** GOTRUE_PASSWORD_REQUIRED_CHARACTERS split on ':' (each set needs one character). */
  readonly requiredCharacters: readonly string[];
  readonly otpLength: number;
  readonly otpExpiry: number;
  readonly maxFrequencySeconds: number;
  readonly refreshTokenRotation: boolean;
  readonly refreshTokenReuseInterval: number;
  /** double_confirm_changes: an email change needs a link from both addresses. */
  readonly secureEmailChange: boolean;
  readonly mfaTotpEnroll: boolean;
  readonly mfaTotpVerify: boolean;
  readonly mfaMaxEnrolledFactors: number;
  readonly hooks: AuthHooks;
  readonly emailTemplates: Readonly<Partial<Record<TemplateKind, { subject?: string; contentPath?: string }>>>;
  readonly externalGoogleEnabled: boolean;
};

/** supabase/cli pkg/config PasswordRequirements.ToChar (the GoTrue value, ':'-separated). */
const PASSWORD_REQUIREMENT_CHARACTERS: Record<string, string> = {
  letters_digits: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ:0123456789',
  lower_upper_letters_digits: 'abcdefghijklmnopqrstuvwxyz:ABCDEFGHIJKLMNOPQRSTUVWXYZ:0123456789',
  lower_upper_letters_digits_symbols:
    'abcdefghijklmnopqrstuvwxyz:ABCDEFGHIJKLMNOPQRSTUVWXYZ:0123456789:!@#$%^&*()_+-=[]{};\'\\\\:"|<>?,./`~',
};

/** GoTrue's PasswordRequiredCharacters.Decode: split on ':' with '\:' as an escaped colon. */
export function parseRequiredCharacters(value: string): string[] {
  const parts = value.split(':');
  for (let i = 0; i < parts.length - 1; i += 1) {
    const part = parts[i] ?? '';
    if (part !== '' && part.endsWith('\\')) {
      parts[i] = `${part.slice(0, -1)}:${parts[i + 1] ?? ''}`;
      parts[i + 1] = '';
    }
  }
  return parts.filter((p) => p !== '');
}

type TomlTable = Record<string, unknown>;
function readTable(value: unknown): TomlTable {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as TomlTable) : {};
}
function readBool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

/** Keys of config.toml that config.ts does not expose. */
type ExtraAuthToml = {
  passwordRequirements: string;
  emailSignupEnabled: boolean;
  secureEmailChange: boolean;
  phoneSignupEnabled: boolean;
  phoneConfirmations: boolean;
  anonymousSignIns: boolean;
  refreshTokenRotation: boolean;
};

function readExtraAuthToml(configPath: string): ExtraAuthToml {
  let auth: TomlTable = {};
  try {
    auth = readTable(readTable(parseToml(readFileSync(configPath, 'utf8')))['auth']);
  } catch {
    // No readable config.toml: the CLI defaults below apply.
  }
  const email = readTable(auth['email']);
  const sms = readTable(auth['sms']);
  return {
    passwordRequirements: typeof auth['password_requirements'] === 'string' ? auth['password_requirements'] : '',
    emailSignupEnabled: readBool(email['enable_signup'], true),
    secureEmailChange: readBool(email['double_confirm_changes'], true),
    phoneSignupEnabled: readBool(sms['enable_signup'], false),
    phoneConfirmations: readBool(sms['enable_confirmations'], false),
    anonymousSignIns: readBool(auth['enable_anonymous_sign_ins'], false),
    refreshTokenRotation: readBool(auth['enable_refresh_token_rotation'], true),
  };
}

const HOOK_NAMES = [
  ['customAccessToken', 'custom_access_token'],
  ['passwordVerificationAttempt', 'password_verification_attempt'],
  ['beforeUserCreated', 'before_user_created'],
  ['mfaVerificationAttempt', 'mfa_verification_attempt'],
] as const;

function readHooks(hooks: Readonly<Record<string, string>>): AuthHooks {
  const out: { -readonly [K in keyof AuthHooks]: string } = {};
  for (const [key, name] of HOOK_NAMES) {
    const uri = hooks[name];
    // Only Postgres-function hooks are emulated; HTTP hooks would need the network.
    if (uri !== undefined && uri.startsWith('pg-functions://')) out[key] = uri;
  }
  return out;
}

/** Settings for a running stack: project config plus the URLs of this run. */
export function loadAuthSettings(
  context: { config: ProjectConfig; apiUrl: string; siteUrl: string },
  configPath = path.join(REPO_ROOT, 'supabase', 'config.toml'),
): AuthSettings {
  const auth = context.config.auth;
  const extra = readExtraAuthToml(configPath);
  const requirement = PASSWORD_REQUIREMENT_CHARACTERS[extra.passwordRequirements] ?? '';
  const emailTemplates: Partial<Record<TemplateKind, { subject?: string; contentPath?: string }>> = {};
  for (const kind of TEMPLATE_KINDS) {
    const template = auth.emailTemplates[kind];
    if (template) emailTemplates[kind] = template;
  }
  return {
    siteUrl: context.siteUrl,
    extraSiteUrls: auth.siteUrl !== context.siteUrl ? [auth.siteUrl] : [],
    redirectAllowList: auth.additionalRedirectUrls,
    externalUrl: `${context.apiUrl}/auth/v1`,
    jwtExpiry: auth.jwtExpiry,
    disableSignup: !auth.enableSignup,
    emailEnabled: extra.emailSignupEnabled,
    phoneEnabled: extra.phoneSignupEnabled,
    anonymousEnabled: extra.anonymousSignIns,
    mailerAutoconfirm: !auth.enableConfirmations,
    phoneAutoconfirm: !extra.phoneConfirmations,
    // GoTrue never accepts a minimum below 6 (conf.defaultMinPasswordLength).
    minimumPasswordLength: Math.max(6, auth.minimumPasswordLength),
    requiredCharacters: parseRequiredCharacters(requirement),
    otpLength: auth.otpLength,
    otpExpiry: auth.otpExpiry,
    maxFrequencySeconds: auth.maxFrequencySeconds,
    refreshTokenRotation: extra.refreshTokenRotation,
    refreshTokenReuseInterval: auth.refreshTokenReuseInterval,
    secureEmailChange: extra.secureEmailChange,
    mfaTotpEnroll: auth.mfaTotpEnroll,
    mfaTotpVerify: auth.mfaTotpVerify,
    mfaMaxEnrolledFactors: auth.mfaMaxEnrolledFactors,
    hooks: readHooks(auth.hooks),
    emailTemplates,
    externalGoogleEnabled: auth.externalGoogleEnabled,
  };
}
