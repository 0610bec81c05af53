/**
 * Where email links may send people (supabase/auth internal/utilities/request.go): the site URL
 * (any path, any port on loopback hosts), loopback IP addresses, and the
 * `additional_redirect_urls` globs (gobwas/glob with '.' and '/' as separators: `*` stays inside
 * one label or path segment, `**` crosses them). Anything else falls back to the site URL.
 */
import { isIP } from 'node:net';
import { header } from '../http.ts';
import type { AuthRequest } from './deps.ts';
import type { AuthSettings } from './settings.ts';

const LOCALHOST_NAMES = new Set(['localhost', '127.0.0.1', '::1', '0.0.0.0', '::']);

type ParsedUrl = { scheme: string; hostname: string; port: string };

/**
 * A parse like Go's url.Parse: relative and opaque references have no host, and the host is
 * kept as written (the WHATWG URL parser would turn "2130706433" into "127.0.0.1").
 */
function parseLoosely(value: string): ParsedUrl | undefined {
  // Go's url.Parse rejects ASCII control characters.
  if ([...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return undefined;
  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*):([\s\S]*)$/.exec(value);
  if (!schemeMatch) return { scheme: '', hostname: '', port: '' };
  const scheme = (schemeMatch[1] ?? '').toLowerCase();
  const rest = schemeMatch[2] ?? '';
  if (!rest.startsWith('//')) return { scheme, hostname: '', port: '' };
  const authority = rest.slice(2).split(/[/?#]/)[0] ?? '';
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  let hostname = hostPort;
  let portPart = '';
  if (hostPort.startsWith('[')) {
    const end = hostPort.indexOf(']');
    if (end < 0) return undefined;
    hostname = hostPort.slice(1, end);
    portPart = hostPort.slice(end + 1);
    if (portPart !== '' && !portPart.startsWith(':')) return undefined;
  } else {
    const colon = hostPort.lastIndexOf(':');
    if (colon >= 0) {
      hostname = hostPort.slice(0, colon);
      portPart = hostPort.slice(colon);
    }
  }
  const port = portPart.replace(/^:/, '');
  if (!/^\d*$/.test(port)) return undefined;
  return { scheme, hostname, port };
}

function isLoopbackIp(host: string): boolean {
  const kind = isIP(host);
  if (kind === 4) return host.startsWith('127.');
  if (kind === 6) return host === '::1' || /^0{0,4}(:0{0,4}){6}:0{0,3}1$/.test(host);
  return false;
}

/** gobwas/glob compiled with separators '.' and '/', as a RegExp. */
export function compileRedirectGlob(pattern: string): RegExp {
  let source = '';
  let i = 0;
  let isInAlternatives = false;
  while (i < pattern.length) {
    const c = pattern[i] ?? '';
    if (c === '\\' && i + 1 < pattern.length) {
      source += (pattern[i + 1] ?? '').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      i += 2;
      continue;
    }
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        source += '.*';
        i += 2;
      } else {
        source += '[^./]*';
        i += 1;
      }
      continue;
    }
    if (c === '?') {
      source += '[^./]';
      i += 1;
      continue;
    }
    if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end > i + 1) {
        let body = pattern.slice(i + 1, end);
        const isNegated = body.startsWith('!');
        if (isNegated) body = body.slice(1);
        source += `[${isNegated ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
        i = end + 1;
        continue;
      }
    }
    if (c === '{' && !isInAlternatives) {
      source += '(?:';
      isInAlternatives = true;
      i += 1;
      continue;
    }
    if (c === '}' && isInAlternatives) {
      source += ')';
      isInAlternatives = false;
      i += 1;
      continue;
    }
    if (c === ',' && isInAlternatives) {
      source += '|';
      i += 1;
      continue;
    }
    source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    i += 1;
  }
  if (isInAlternatives) source += ')';
  try {
    return new RegExp(`^${source}$`, 's');
  } catch {
    return /$^/;
  }
}

/** utilities.IsRedirectURLValid. */
export function isRedirectUrlValid(settings: AuthSettings, redirectUrl: string): boolean {
  if (redirectUrl === '') return false;
  const target = parseLoosely(redirectUrl);
  if (!target) return false;
  for (const site of [settings.siteUrl, ...settings.extraSiteUrls]) {
    const base = parseLoosely(site);
    if (
      base &&
      base.hostname !== '' &&
      base.hostname === target.hostname &&
      base.scheme === target.scheme &&
      (base.port === target.port || LOCALHOST_NAMES.has(target.hostname.toLowerCase()))
    ) {
      return true;
    }
  }
  const isHttp = target.scheme === 'http' || target.scheme === 'https';
  if (/^[0-9]+$/.test(target.hostname)) return false;
  if (isIP(target.hostname) !== 0) return isLoopbackIp(target.hostname);
  if (isHttp && !/^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?$/.test(target.hostname)) return false;
  const withoutFragment = redirectUrl.split('#')[0] ?? '';
  return settings.redirectAllowList.some((pattern) => compileRedirectGlob(pattern).test(withoutFragment));
}

/** utilities.GetReferrer: redirect_to (header or query), then Referer, then the site URL. */
export function getReferrer(settings: AuthSettings, request: AuthRequest, bodyRedirect?: string): string {
  const candidates = [header(request.req, 'redirect_to') || request.url.searchParams.get('redirect_to') || ''];
  if (bodyRedirect !== undefined) candidates.unshift(bodyRedirect);
  for (const candidate of candidates) if (isRedirectUrlValid(settings, candidate)) return candidate;
  const referer = header(request.req, 'referer') ?? '';
  if (isRedirectUrlValid(settings, referer)) return referer;
  return settings.siteUrl;
}
