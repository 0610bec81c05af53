/**
 * GoTrue's redirect allow-list (utilities.IsRedirectURLValid) and the link emails carry.
 */
import { describe, expect, it } from 'vitest';
import { loadProjectConfig } from '../../config.ts';
import { compileRedirectGlob, isRedirectUrlValid } from './redirects.ts';
import { loadAuthSettings, type AuthSettings } from './settings.ts';
import { buildActionLink, escapeQueryValue } from './templates.ts';

const base = loadAuthSettings({
  config: loadProjectConfig(),
  apiUrl: 'http://127.0.0.1:54321',
  siteUrl: 'http://127.0.0.1:5173',
});
const settings: AuthSettings = {
  ...base,
  siteUrl: 'https://app.comptoir.fr',
  extraSiteUrls: ['http://127.0.0.1:5173'],
  redirectAllowList: ['https://*.preview.comptoir.fr/**', 'comptoir://callback', 'http://localhost:5173'],
};

describe('redirect allow-list', () => {
  it('accepts any path on the site URL, and any port for loopback site hosts', () => {
    expect(isRedirectUrlValid(settings, 'https://app.comptoir.fr/auth/callback?next=/factures')).toBe(true);
    expect(isRedirectUrlValid(settings, 'http://127.0.0.1:4000/cb')).toBe(true);
    expect(isRedirectUrlValid(settings, 'http://app.comptoir.fr/auth')).toBe(false);
    expect(isRedirectUrlValid(settings, 'https://app.comptoir.fr:8443/auth')).toBe(false);
  });

  it('accepts loopback IPs but not other IPs or decimal hosts', () => {
    expect(isRedirectUrlValid(settings, 'http://127.0.0.2:9999/cb')).toBe(true);
    expect(isRedirectUrlValid(settings, 'http://[::1]:9999/cb')).toBe(true);
    expect(isRedirectUrlValid(settings, 'http://10.0.0.1/cb')).toBe(false);
    expect(isRedirectUrlValid(settings, 'http://2130706433/cb')).toBe(false);
  });

  it('matches additional_redirect_urls globs with . and / as separators', () => {
    expect(isRedirectUrlValid(settings, 'https://pr-12.preview.comptoir.fr/a/b#frag')).toBe(true);
    expect(isRedirectUrlValid(settings, 'https://a.b.preview.comptoir.fr/x')).toBe(false);
    expect(isRedirectUrlValid(settings, 'comptoir://callback')).toBe(true);
    expect(isRedirectUrlValid(settings, 'http://localhost:5173')).toBe(true);
    expect(isRedirectUrlValid(settings, 'http://localhost:5173/welcome')).toBe(false);
    expect(isRedirectUrlValid(settings, 'https://evil.example/comptoir.fr')).toBe(false);
    expect(isRedirectUrlValid(settings, '')).toBe(false);
    expect(isRedirectUrlValid(settings, 'javascript:alert(1)')).toBe(false);
  });

  it('compiles gobwas globs: * within a segment, ** across, ?, classes and alternatives', () => {
    expect(compileRedirectGlob('https://*.example.com').test('https://a.example.com')).toBe(true);
    expect(compileRedirectGlob('https://*.example.com').test('https://a.b.example.com')).toBe(false);
    expect(compileRedirectGlob('https://example.com/**').test('https://example.com/a/b/c')).toBe(true);
    expect(compileRedirectGlob('http://h?.test').test('http://h1.test')).toBe(true);
    expect(compileRedirectGlob('http://[ab].test').test('http://b.test')).toBe(true);
    expect(compileRedirectGlob('http://{one,two}.test').test('http://two.test')).toBe(true);
    expect(compileRedirectGlob('http://{one,two}.test').test('http://three.test')).toBe(false);
  });
});

describe('email action links', () => {
  it('point at <api>/auth/v1/verify and escape redirect_to only when it has & = or #', () => {
    expect(buildActionLink(base, 'pkce_abc', 'magiclink', 'http://127.0.0.1:5173/cb')).toBe(
      'http://127.0.0.1:54321/auth/v1/verify?token=pkce_abc&type=magiclink&redirect_to=http://127.0.0.1:5173/cb',
    );
    expect(buildActionLink(base, 'h', 'signup', 'http://127.0.0.1:5173/cb?a=1&b=2')).toBe(
      'http://127.0.0.1:54321/auth/v1/verify?token=h&type=signup&redirect_to=http%3A%2F%2F127.0.0.1%3A5173%2Fcb%3Fa%3D1%26b%3D2',
    );
    expect(escapeQueryValue("a b!'()*~")).toBe('a+b%21%27%28%29%2A~');
  });
});
