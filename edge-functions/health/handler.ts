/**
 * GET/POST /functions/v1/health — proves the path end to end: the gateway (or Supabase) verified
 * the caller's JWT, the function runs under Deno with the Supabase environment, and it reaches
 * the database over SUPABASE_DB_URL. Answers the database time and the caller's user id.
 */
import { AppError } from '../../shared/errors/app-error.ts';
import { CORS_HEADERS, errorResponse, json, readCallerClaims } from '../_shared/http.ts';

export type HealthDeps = {
  /** Current time according to the database, ISO 8601 UTC. */
  readDatabaseTime(): Promise<string>;
  log?(line: string): void;
};

export type HealthBody = {
  readonly status: 'ok';
  readonly database_time: string;
  readonly user_id: string | null;
  readonly role: string;
  readonly aal: string | null;
};

export function createHandler(deps: HealthDeps): (req: Request) => Promise<Response> {
  return async (req) => {
    if (req.method === 'OPTIONS') return new Response(null, { status: 204, headers: CORS_HEADERS });
    try {
      if (req.method !== 'GET' && req.method !== 'POST') {
        return json({ code: 'INVALID_INPUT', userMessage: 'errors.methodNotAllowed' }, 405, { Allow: 'GET, POST' });
      }
      const caller = readCallerClaims(req);
      let databaseTime: string;
      try {
        databaseTime = await deps.readDatabaseTime();
      } catch (cause) {
        throw new AppError('UNAVAILABLE', 'database unreachable', { cause, userMessage: 'errors.databaseUnavailable' });
      }
      const body: HealthBody = {
        status: 'ok',
        database_time: databaseTime,
        user_id: caller.role === 'authenticated' ? caller.sub : null,
        role: caller.role,
        aal: caller.aal,
      };
      return json(body);
    } catch (error) {
      return errorResponse(error, deps.log);
    }
  };
}
