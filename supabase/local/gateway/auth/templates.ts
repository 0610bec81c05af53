/**
 * Auth email templates: the files named in config.toml ([auth.email.template.<kind>]
 * content_path, French for Comptoir) rendered with the Go-template variables Supabase documents
 * ({{ .ConfirmationURL }}, {{ .Token }}, {{ .TokenHash }}, {{ .SiteURL }}, {{ .Email }},
 * {{ .NewEmail }}, {{ .RedirectTo }}, {{ .Data.<key> }}). Only plain substitutions are supported;
 * values are HTML-escaped as Go's html/template would.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../config.ts';
import type { AuthSettings, TemplateKind } from './settings.ts';

/** GoTrue's built-in subjects and bodies, used when config.toml names no file. */
const DEFAULT_SUBJECTS: Record<TemplateKind, string> = {
  invite: "You've been invited",
  confirmation: 'Confirm your email address',
  recovery: 'Reset your password',
  magic_link: 'Your sign-in link',
  email_change: 'Confirm your new email address',
};

const DEFAULT_BODIES: Record<TemplateKind, string> = {
  invite: `<h2>You've been invited</h2>\n\n<p>You've been invited to create an account. Follow the link below to accept.</p>\n<p><a href="{{ .ConfirmationURL }}">Accept invitation</a></p>`,
  confirmation: `<h2>Confirm your email address</h2>\n\n<p>Follow the link below to confirm this email address and finish signing up.</p>\n<p><a href="{{ .ConfirmationURL }}">Confirm email address</a></p>\n`,
  recovery: `<h2>Reset your password</h2>\n\n<p>We received a request to reset your password. Follow the link below to choose a new one.</p>\n<p><a href="{{ .ConfirmationURL }}">Reset password</a></p>\n<p>If you didn't request this, you can safely ignore this email.</p>`,
  magic_link: `<h2>Your sign-in link</h2>\n\n<p>Follow the link below to sign in. This link expires shortly and can only be used once.</p>\n<p><a href="{{ .ConfirmationURL }}">Sign in</a></p>`,
  email_change: `<h2>Confirm your new email address</h2>\n\n<p>Follow the link below to confirm {{ .NewEmail }} as your new email address.</p>\n<p><a href="{{ .ConfirmationURL }}">Confirm new email address</a></p>\n<p>If you didn't request this change, you can safely ignore this email.</p>`,
};

export type TemplateData = Readonly<Record<string, unknown>>;

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' })[c] ?? c,
  );
}

function lookup(data: TemplateData, dottedPath: string): unknown {
  let current: unknown = data;
  for (const key of dottedPath.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Substitutes `{{ .Path.To.Value }}`; `isHtml` escapes values (bodies), subjects stay raw. */
export function renderTemplate(template: string, data: TemplateData, isHtml = true): string {
  return template.replace(
    /\{\{-?\s*\.([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\s*-?\}\}/g,
    (_match, name: string) => {
      const text = stringify(lookup(data, name));
      return isHtml ? escapeHtml(text) : text;
    },
  );
}

/** Reads a template file; content_path is relative to the repository root (the CLI's cwd). */
function readTemplateFile(contentPath: string): string | undefined {
  for (const base of [REPO_ROOT, path.join(REPO_ROOT, 'supabase')]) {
    try {
      return readFileSync(path.resolve(base, contentPath), 'utf8');
    } catch {
      // try the next base
    }
  }
  return undefined;
}

/** Subject and HTML for one email, read fresh so template edits show up without a restart. */
export function renderEmail(
  settings: AuthSettings,
  kind: TemplateKind,
  data: TemplateData,
): { subject: string; html: string } {
  const configured = settings.emailTemplates[kind];
  const body = (configured?.contentPath && readTemplateFile(configured.contentPath)) || DEFAULT_BODIES[kind];
  const subject = configured?.subject ?? DEFAULT_SUBJECTS[kind];
  return { subject: renderTemplate(subject, data, false), html: renderTemplate(body, data) };
}

/** Go's url.QueryEscape: only A-Z a-z 0-9 - _ . ~ stay literal; spaces become '+'. */
export function escapeQueryValue(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** templatemailer.encodeRedirectURL: escaped only when it contains & = or #. */
function encodeRedirect(url: string): string {
  return /[&=#]/.test(url) ? escapeQueryValue(url) : url;
}

/** The link in every email: `<api>/auth/v1/verify?token=…&type=…&redirect_to=…`. */
export function buildActionLink(settings: AuthSettings, tokenHash: string, type: string, redirectTo: string): string {
  return `${settings.externalUrl}/verify?token=${escapeQueryValue(tokenHash)}&type=${escapeQueryValue(type)}&redirect_to=${encodeRedirect(redirectTo)}`;
}
