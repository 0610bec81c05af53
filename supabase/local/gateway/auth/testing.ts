/**
 * Test helpers for the auth suite (imported by *.test.ts only): random addresses, the dev
 * mailbox over HTTP, and a private auth service instance with overridden settings (hooks,
 * limits) served on its own port against the test stack's database, so tests can exercise
 * config.toml options without editing config.toml.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { loadProjectConfig } from '../../config.ts';
import { Mailbox, type MailMessage } from '../mailbox.ts';
import type { StackInfo } from '../../test/stack-info.ts';
import { createAuthService } from './service.ts';
import type { AuthSettings } from './settings.ts';

/** A unique address per test, so tests never share users or email timers. */
export function createRandomEmail(label = 'user'): string {
  return `${label}-${randomUUID().slice(0, 12)}@example.test`;
}

/** Messages to `to` in the stack's dev mailbox, newest first. */
export async function listMail(apiUrl: string, to: string): Promise<MailMessage[]> {
  const response = await fetch(`${apiUrl}/_dev/mail/api/messages?to=${encodeURIComponent(to)}`);
  return (await response.json()) as MailMessage[];
}

/** The first /auth/v1/verify link of an email, HTML entities decoded. */
export function findVerifyLink(html: string): string {
  const match = /href="([^"]*\/auth\/v1\/verify\?[^"]*)"/.exec(html);
  if (!match?.[1]) throw new Error('no verify link in email');
  return match[1].replace(/&amp;/g, '&').replace(/&#34;/g, '"').replace(/&#39;/g, "'");
}

/** The 6-digit code shown in an email. */
export function findCode(html: string): string {
  const match = />\s*(\d{6})\s*</.exec(html);
  if (!match?.[1]) throw new Error('no code in email');
  return match[1];
}

/** Fragment or query parameters of a redirect Location. */
export function readRedirectParams(location: string): { query: URLSearchParams; fragment: URLSearchParams } {
  const url = new URL(location);
  return { query: url.searchParams, fragment: new URLSearchParams(url.hash.replace(/^#/, '')) };
}

export type AuthTestServer = {
  readonly url: string;
  readonly mailbox: Mailbox;
  readonly pool: pg.Pool;
  close(): Promise<void>;
};

/** An auth service with `overrides`, at `<url>/auth/v1`, sharing the test stack's database. */
export async function startAuthTestServer(stack: StackInfo, overrides: Partial<AuthSettings>): Promise<AuthTestServer> {
  const pool = new pg.Pool({ connectionString: stack.superuserUrl, max: 4 });
  const mailbox = new Mailbox();
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = loadProjectConfig();
  const service = createAuthService(
    {
      config,
      jwtSecret: stack.jwtSecret,
      apiUrl: url,
      siteUrl: config.auth.siteUrl,
      adminPool: pool,
      mailbox,
      log: () => {},
    },
    overrides,
  );
  server.on('request', (req, res) => {
    const requestUrl = new URL(req.url ?? '/', url);
    if (!requestUrl.pathname.startsWith('/auth/v1')) {
      res.writeHead(404).end();
      return;
    }
    void service.handle(req, res, requestUrl, requestUrl.pathname.slice('/auth/v1'.length) || '/');
  });
  return {
    url,
    mailbox,
    pool,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await pool.end();
    },
  };
}
