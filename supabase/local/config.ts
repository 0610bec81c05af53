/**
 * Configuration of the local Supabase stand-in.
 *
 * The well-known local keys below are the Supabase CLI's published defaults
 * (supabase/cli pkg/config/apikeys.go). They are public knowledge, so the stand-in refuses to
 * run with them unless it is in local or test mode (see assertLocalMode). Project settings that
 * also matter in production (functions' verify_jwt, auth options) are read from
 * supabase/config.toml, the same file the real Supabase CLI reads.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseToml } from 'smol-toml';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const LOCAL_JWT_SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long';
export const LOCAL_ANON_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0';
export const LOCAL_SERVICE_ROLE_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU';
export const LOCAL_PUBLISHABLE_KEY = 'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH';
export const LOCAL_SECRET_KEY = 'sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz';

/** Password of the local `postgres` and `authenticator` roles (loopback only). */
export const LOCAL_DB_PASSWORD = 'postgres';

/** Schemas exposed through /rest/v1 (config.toml [api] schemas). */
export const DEFAULT_EXPOSED_SCHEMAS = ['public', 'graphql_public'] as const;

export type FunctionConfig = {
  readonly name: string;
  readonly verifyJwt: boolean;
  readonly entrypoint: string;
  readonly enabled: boolean;
};

export type AuthConfig = {
  readonly siteUrl: string;
  readonly additionalRedirectUrls: readonly string[];
  readonly jwtExpiry: number;
  readonly enableSignup: boolean;
  readonly enableConfirmations: boolean;
  readonly minimumPasswordLength: number;
  readonly otpLength: number;
  readonly otpExpiry: number;
  readonly maxFrequencySeconds: number;
  readonly refreshTokenReuseInterval: number;
  readonly mfaTotpEnroll: boolean;
  readonly mfaTotpVerify: boolean;
  readonly mfaMaxEnrolledFactors: number;
  /** `pg-functions://postgres/<schema>/<fn>` hooks, keyed by hook name. */
  readonly hooks: Readonly<Record<string, string>>;
  /** Email templates: subject and a path (relative to the repository root, as the CLI reads it). */
  readonly emailTemplates: Readonly<Record<string, { subject?: string; contentPath?: string }>>;
  readonly externalGoogleEnabled: boolean;
};

export type ProjectConfig = {
  readonly projectId: string;
  readonly exposedSchemas: readonly string[];
  readonly extraSearchPath: readonly string[];
  readonly maxRows: number | undefined;
  readonly auth: AuthConfig;
  readonly functions: Readonly<Record<string, FunctionConfig>>;
  readonly storageFileSizeLimit: number;
};

type TomlTable = Record<string, unknown>;

function asTable(value: unknown): TomlTable {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as TomlTable) : {};
}
function asBool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}
function asNumber(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}
function asString(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}
function asStringList(value: unknown, fallback: readonly string[]): readonly string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : fallback;
}

/**
 * Values the stand-in uses for `env(NAME)` in config.toml when NAME is unset: the local
 * counterparts of what production passes to `supabase config push`.
 */
export const LOCAL_ENV_DEFAULTS: Readonly<Record<string, string>> = {
  COMPTOIR_SITE_URL: 'http://127.0.0.1:5173',
};

/**
 * The CLI's LoadEnvHook: a whole value `env(NAME)` becomes the variable NAME when it is set (else
 * the local default above; else it stays as written, as the CLI leaves it).
 */
export function resolveEnvValue(value: string, env: NodeJS.ProcessEnv = process.env): string {
  const name = /^env\((.*)\)$/.exec(value)?.[1];
  if (name === undefined) return value;
  const fromEnv = env[name];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return LOCAL_ENV_DEFAULTS[name] ?? value;
}

/** Parses a Supabase CLI duration such as "1s", "60s", "5m". */
export function parseDurationSeconds(value: unknown, fallback: number): number {
  if (typeof value !== 'string') return fallback;
  const match = /^(\d+)(ms|s|m|h)$/.exec(value.trim());
  if (!match) return fallback;
  const n = Number(match[1]);
  const unit = match[2];
  if (unit === 'ms') return n / 1000;
  if (unit === 'm') return n * 60;
  if (unit === 'h') return n * 3600;
  return n;
}

/** Parses a size such as "50MiB" into bytes. */
export function parseSize(value: unknown, fallback: number): number {
  if (typeof value !== 'string') return fallback;
  const match = /^(\d+)\s*(B|KB|KiB|MB|MiB|GB|GiB)?$/i.exec(value.trim());
  if (!match) return fallback;
  const n = Number(match[1]);
  const unit = (match[2] ?? 'B').toLowerCase();
  const factor: Record<string, number> = {
    b: 1,
    kb: 1000,
    kib: 1024,
    mb: 1000 ** 2,
    mib: 1024 ** 2,
    gb: 1000 ** 3,
    gib: 1024 ** 3,
  };
  return n * (factor[unit] ?? 1);
}

/** Reads supabase/config.toml (the real CLI's file) into the settings the stand-in honours. */
export function loadProjectConfig(configPath = path.join(REPO_ROOT, 'supabase', 'config.toml')): ProjectConfig {
  const raw = asTable(parseToml(readFileSync(configPath, 'utf8')));
  const api = asTable(raw['api']);
  const auth = asTable(raw['auth']);
  const email = asTable(auth['email']);
  const mfa = asTable(auth['mfa']);
  const totp = asTable(mfa['totp']);
  const hook = asTable(auth['hook']);
  const external = asTable(auth['external']);
  const google = asTable(external['google']);
  const storage = asTable(raw['storage']);

  const hooks: Record<string, string> = {};
  for (const [name, value] of Object.entries(hook)) {
    const h = asTable(value);
    if (asBool(h['enabled'], false) && typeof h['uri'] === 'string') hooks[name] = h['uri'];
  }
  const emailTemplates: Record<string, { subject?: string; contentPath?: string }> = {};
  for (const [name, value] of Object.entries(asTable(email['template']))) {
    const t = asTable(value);
    const entry: { subject?: string; contentPath?: string } = {};
    if (typeof t['subject'] === 'string') entry.subject = t['subject'];
    if (typeof t['content_path'] === 'string') entry.contentPath = t['content_path'];
    emailTemplates[name] = entry;
  }

  const functions: Record<string, FunctionConfig> = {};
  for (const [name, value] of Object.entries(asTable(raw['functions']))) {
    const f = asTable(value);
    functions[name] = {
      name,
      verifyJwt: asBool(f['verify_jwt'], true),
      enabled: asBool(f['enabled'], true),
      entrypoint: path.resolve(
        path.join(REPO_ROOT, 'supabase'),
        asString(f['entrypoint'], `../edge-functions/${name}/index.ts`),
      ),
    };
  }

  return {
    projectId: asString(raw['project_id'], 'comptoir'),
    exposedSchemas: asStringList(api['schemas'], DEFAULT_EXPOSED_SCHEMAS),
    extraSearchPath: asStringList(api['extra_search_path'], ['public', 'extensions']),
    maxRows: typeof api['max_rows'] === 'number' ? api['max_rows'] : undefined,
    auth: {
      siteUrl: resolveEnvValue(asString(auth['site_url'], 'http://127.0.0.1:3000')),
      additionalRedirectUrls: asStringList(auth['additional_redirect_urls'], []).map((url) => resolveEnvValue(url)),
      jwtExpiry: asNumber(auth['jwt_expiry'], 3600),
      enableSignup: asBool(auth['enable_signup'], true),
      enableConfirmations: asBool(email['enable_confirmations'], false),
      minimumPasswordLength: asNumber(auth['minimum_password_length'], 6),
      otpLength: asNumber(email['otp_length'], 6),
      otpExpiry: asNumber(email['otp_expiry'], 3600),
      maxFrequencySeconds: parseDurationSeconds(email['max_frequency'], 1),
      refreshTokenReuseInterval: asNumber(auth['refresh_token_reuse_interval'], 10),
      mfaTotpEnroll: asBool(totp['enroll_enabled'], false),
      mfaTotpVerify: asBool(totp['verify_enabled'], false),
      mfaMaxEnrolledFactors: asNumber(mfa['max_enrolled_factors'], 10),
      hooks,
      emailTemplates,
      externalGoogleEnabled: asBool(google['enabled'], false),
    },
    functions,
    storageFileSizeLimit: parseSize(storage['file_size_limit'], 50 * 1024 ** 2),
  };
}

/**
 * The demo JWTs are public; a stand-in reachable with them must never face real users.
 * COMPTOIR_MODE is `local` (npm start / dev) or `test`; anything else refuses to start.
 */
export function assertLocalMode(mode: string | undefined): asserts mode is 'local' | 'test' {
  if (mode !== 'local' && mode !== 'test') {
    throw new Error(
      `The local Supabase stand-in uses the public demo keys and only runs in local or test mode (got "${mode ?? ''}").`,
    );
  }
}
