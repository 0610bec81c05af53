/**
 * Realtime's JWT rules (`channels_authorization.ex`, `jwt_verification.ex`), which differ from
 * PostgREST's: no clock skew (`exp` must be strictly in the future), `nbf` is not checked,
 * `role` and `exp` are both required, and each failure has its own wording at connect time
 * (HTTP 401 body) and at join time (`phx_reply` reason).
 */
import { decodeJwtUnsafe, verifyJwt, type JwtClaims } from '../jwt.ts';

export type TokenFailure =
  | { kind: 'missing' }
  | { kind: 'malformed' }
  | { kind: 'signature' }
  | { kind: 'signer' }
  | { kind: 'missing_claims' }
  | { kind: 'expired'; secondsAgo: number };

export type TokenCheck = { ok: true; claims: JwtClaims; exp: number } | { ok: false; failure: TokenFailure };

function cleanToken(token: string): string | undefined {
  // Upstream URI-decodes the token and strips whitespace before verifying it.
  try {
    return decodeURIComponent(token).replace(/\s/g, '');
  } catch {
    return undefined;
  }
}

/** Verifies a token the way Realtime does for sockets, joins and the broadcast API. */
export function checkRealtimeToken(
  token: unknown,
  secret: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): TokenCheck {
  if (typeof token !== 'string') return { ok: false, failure: { kind: 'missing' } };
  const cleaned = cleanToken(token);
  if (cleaned === undefined || cleaned === '') return { ok: false, failure: { kind: 'malformed' } };
  const result = verifyJwt(cleaned, secret, nowSeconds);
  let claims: JwtClaims | undefined;
  if (result.ok) {
    claims = result.claims;
  } else {
    switch (result.failure.kind) {
      case 'empty':
      case 'parts':
      case 'malformed':
        return { ok: false, failure: { kind: 'malformed' } };
      case 'algorithm':
        return { ok: false, failure: { kind: 'signer' } };
      case 'signature':
        return { ok: false, failure: { kind: 'signature' } };
      case 'expired':
      case 'not_yet_valid':
      case 'issued_in_future':
        // The signature was verified before these time checks; Realtime applies its own.
        claims = decodeJwtUnsafe(cleaned);
        break;
    }
  }
  if (!claims) return { ok: false, failure: { kind: 'malformed' } };
  if (claims.iat !== undefined && typeof claims.iat !== 'number') return { ok: false, failure: { kind: 'malformed' } };
  if (claims.exp !== undefined) {
    if (typeof claims.exp !== 'number') return { ok: false, failure: { kind: 'malformed' } };
    if (!(claims.exp > nowSeconds)) {
      return { ok: false, failure: { kind: 'expired', secondsAgo: nowSeconds - Math.round(claims.exp) } };
    }
  }
  if (!('role' in claims) || !('exp' in claims)) return { ok: false, failure: { kind: 'missing_claims' } };
  const exp = Math.round(claims.exp as number);
  return { ok: true, claims: { ...claims, exp }, exp };
}

/** The HTTP status and `{"error": …}` text a refused WebSocket upgrade answers with. */
export function describeConnectFailure(failure: TokenFailure): { status: number; message: string } {
  switch (failure.kind) {
    case 'missing':
      return { status: 401, message: 'API key is missing' };
    case 'expired':
      return { status: 401, message: 'Token has expired' };
    case 'missing_claims':
      return { status: 401, message: 'Fields `role` and `exp` are required in JWT' };
    case 'malformed':
      return { status: 401, message: 'The token provided is not a valid JWT' };
    case 'signature':
      return { status: 401, message: 'Failed to validate JWT signature' };
    case 'signer':
      return { status: 401, message: 'Failed to generate JWT signer, check your JWT secret or JWKS configuration' };
  }
}

/** The join-refusal reason (`<Code>: <message>`) for a token that fails at join time. */
export function describeJoinFailure(failure: TokenFailure): string {
  switch (failure.kind) {
    case 'missing':
    case 'malformed':
      return 'MalformedJWT: The token provided is not a valid JWT';
    case 'expired':
      return `InvalidJWTToken: Token has expired ${failure.secondsAgo} seconds ago`;
    case 'missing_claims':
      return 'InvalidJWTToken: Fields `role` and `exp` are required in JWT';
    case 'signature':
      return 'JwtSignatureError: Failed to validate JWT signature';
    case 'signer':
      return 'JwtSignerError: Failed to generate JWT signer, check your JWT secret or JWKS configuration';
  }
}

/** The `system` message text when a joined channel's token stops being valid. */
export function describeShutdownFailure(failure: TokenFailure): string {
  switch (failure.kind) {
    case 'expired':
      return `Token has expired ${failure.secondsAgo} seconds ago`;
    case 'missing_claims':
      return 'Fields `role` and `exp` are required in JWT';
    case 'missing':
    case 'malformed':
      return 'The token provided is not a valid JWT';
    // Upstream answers `inspect(error)` for these two.
    case 'signature':
      return ':signature_error';
    case 'signer':
      return ':error_generating_signer';
  }
}
