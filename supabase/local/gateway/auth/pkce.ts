/**
 * PKCE for email links (supabase/auth internal/api/pkce.go, internal/security/pkce.go): a
 * request carrying `code_challenge` stores a flow state; the emailed link then redirects with
 * `?code=<auth_code>` instead of tokens, and `POST /token?grant_type=pkce` trades that code
 * plus the verifier for a session. Flow states live 5 minutes.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createBadRequest } from './errors.ts';
import type { FlowType } from './mail.ts';

export const FLOW_STATE_TTL_MS = 300_000;

/** validatePKCEParams: both or neither, RFC 7636 length and alphabet. */
export function validatePkceParams(method: string, challenge: string): void {
  if ((challenge === '') !== (method === '')) {
    throw createBadRequest('validation_failed', 'PKCE flow requires code_challenge_method and code_challenge');
  }
  if (challenge === '') return;
  if (challenge.length < 43 || challenge.length > 128) {
    throw createBadRequest('validation_failed', 'code challenge has to be between 43 and 128 characters');
  }
  if (!/^[a-zA-Z._~0-9-]+$/.test(challenge)) {
    throw createBadRequest(
      'validation_failed',
      'code challenge can only contain alphanumeric characters, hyphens, periods, underscores and tildes',
    );
  }
  const normalized = method.toLowerCase();
  if (normalized !== 's256' && normalized !== 'plain') {
    // models.NewFlowState fails on an unknown method; GoTrue reports it as a bad request.
    throw createBadRequest('validation_failed', `unsupported code_challenge method "${method}"`);
  }
}

export function getFlowType(codeChallenge: string): FlowType {
  return codeChallenge !== '' ? 'pkce' : 'implicit';
}

function isSameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** security.VerifyPKCEChallenge; returns GoTrue's error text, or undefined when it matches. */
export function checkCodeVerifier(challenge: string, method: string, verifier: string): string | undefined {
  switch (method.toLowerCase()) {
    case 's256': {
      const hashed = createHash('sha256').update(verifier).digest('base64url');
      return isSameText(challenge, hashed) ? undefined : 'code challenge does not match previously saved code verifier';
    }
    case 'plain':
      return isSameText(challenge, verifier)
        ? undefined
        : 'code challenge does not match previously saved code verifier';
    default:
      return 'code challenge method not supported';
  }
}
