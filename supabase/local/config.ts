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
  /** Email templates: subject and a path (relative to supabase/) per template kind. */
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

function table(value: unknown): TomlTable {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as TomlTable) : {};
}
function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}
function num(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}
function str(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}
function strList(value: unknown, fallback: readonly string[]): readonly string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : fallback;
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
  const raw = table(parseToml(readFileSync(configPath, 'utf8')));
  const api = table(raw['api']);
  const auth = table(raw['auth']);
  const email = table(auth['email']);
  const mfa = table(auth['mfa']);
  const totp = table(mfa['totp']);
  const hook = table(auth['hook']);
  const external = table(auth['external']);
  const google = table(external['google']);
  const storage = table(raw['storage']);

  const hooks: Record<string, string> = {};
  for (const [name, value] of Object.entries(hook)) {
    const h = table(value);
    if (bool(h['enabled'], false) && typeof h['uri'] === 'string') hooks[name] = h['uri'];
  }
  const emailTemplates: Record<string, { subject?: string; contentPath?: string }> = {};
  for (const [name, value] of Object.entries(table(email['template']))) {
    const t = table(value);
    const entry: { subject?: string; contentPath?: string } = {};
    if (typeof t['subject'] === 'string') entry.subject = t['subject'];
    if (typeof t['content_path'] === 'string') entry.contentPath = t['content_path'];
    emailTemplates[name] = entry;
  }

  const functions: Record<string, FunctionConfig> = {};
  for (const [name, value] of Object.entries(table(raw['functions']))) {
    const f = table(value);
    functions[name] = {
      name,
      verifyJwt: bool(f['verify_jwt'], true),
      enabled: bool(f['enabled'], true),
      entrypoint: path.resolve(
        path.join(REPO_ROOT, 'supabase'),
        str(f['entrypoint'], `../edge-functions/${name}/index.ts`),
      ),
    };
  }

  return {
    projectId: str(raw['project_id'], 'comptoir'),
    exposedSchemas: strList(api['schemas'], DEFAULT_EXPOSED_SCHEMAS),
    extraSearchPath: strList(api['extra_search_path'], ['public', 'extensions']),
    maxRows: typeof api['max_rows'] === 'number' ? api['max_rows'] : undefined,
    auth: {
      siteUrl: str(auth['site_url'], 'http://127.0.0.1:3000'),
      additionalRedirectUrls: strList(auth['additional_redirect_urls'], []),
      jwtExpiry: num(auth['jwt_expiry'], 3600),
      enableSignup: bool(auth['enable_signup'], true),
      enableConfirmations: bool(email['enable_confirmations'], false),
      minimumPasswordLength: num(auth['minimum_password_length'], 6),
      otpLength: num(email['otp_length'], 6),
      otpExpiry: num(email['otp_expiry'], 3600),
      maxFrequencySeconds: parseDurationSeconds(email['max_frequency'], 1),
      refreshTokenReuseInterval: num(auth['refresh_token_reuse_interval'], 10),
      mfaTotpEnroll: bool(totp['enroll_enabled'], false),
      mfaTotpVerify: bool(totp['verify_enabled'], false),
      mfaMaxEnrolledFactors: num(mfa['max_enrolled_factors'], 10),
      hooks,
      emailTemplates,
      externalGoogleEnabled: bool(google['enabled'], false),
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
