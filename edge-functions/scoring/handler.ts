/**
 * POST /functions/v1/scoring — recomputes the scores of every tenant (body `{}`), or of one
 * (`{"tenant_id": "<uuid>"}`), with shared/scoring, and writes those that changed. Called nightly
 * by pg_cron through pg_net with the service-role key (20261122120000_create_scoring_jobs.sql);
 * only the service role may call it (the platform verified the JWT; this checks its role).
 * Answers `{tenants, opportunities_written, contacts_written, scored_at}`.
 */
import { AppError } from '../../shared/errors/app-error.ts';
import { CORS_HEADERS, errorResponse, json, readCallerClaims } from '../_shared/http.ts';
import { recomputeTenant, type ScoringDatabase } from './recompute.ts';

export type ScoringDeps = {
  readonly db: ScoringDatabase;
  now(): Date;
  log?(line: string): void;
};

export type ScoringBody = {
  readonly tenants: number;
  readonly opportunities_written: number;
  readonly contacts_written: number;
  readonly scored_at: string;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_BODY_BYTES = 4096;

async function readTenantId(req: Request): Promise<string | null> {
  const text = await req.text();
  if (text.length > MAX_BODY_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'body too large');
  if (text.trim() === '') return null;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (cause) {
    throw new AppError('INVALID_INPUT', 'body is not JSON', { cause });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError('INVALID_INPUT', 'body is not an object');
  }
  const tenantId = (body as Record<string, unknown>)['tenant_id'];
  if (tenantId === undefined || tenantId === null) return null;
  if (typeof tenantId !== 'string' || !UUID.test(tenantId)) {
    throw new AppError('INVALID_INPUT', 'tenant_id is not a uuid', { details: { fields: ['tenant_id'] } });
  }
  return tenantId.toLowerCase();
}

export function createHandler(deps: ScoringDeps): (req: Request) => Promise<Response> {
  return async (req) => {
    if (req.method === 'OPTIONS') return new Response(null, { status: 204, headers: CORS_HEADERS });
    try {
      if (req.method !== 'POST') {
        return json({ code: 'INVALID_INPUT', userMessage: 'errors.methodNotAllowed' }, 405, { Allow: 'POST' });
      }
      // Authorization first: scores are written for every tenant, so only the service role.
      if (readCallerClaims(req).role !== 'service_role') {
        throw new AppError('FORBIDDEN', 'the scoring job runs with the service role only');
      }
      const only = await readTenantId(req);
      const now = deps.now();
      let tenants: readonly string[];
      try {
        tenants = only === null ? await deps.db.listTenants() : [only];
      } catch (cause) {
        throw new AppError('UNAVAILABLE', 'could not list tenants', { cause });
      }
      let opportunities = 0;
      let contacts = 0;
      for (const tenantId of tenants) {
        try {
          const written = await recomputeTenant(deps.db, tenantId, now);
          opportunities += written.opportunities;
          contacts += written.contacts;
        } catch (cause) {
          throw new AppError('UNAVAILABLE', `scoring tenant ${tenantId} failed`, { cause });
        }
      }
      const body: ScoringBody = {
        tenants: tenants.length,
        opportunities_written: opportunities,
        contacts_written: contacts,
        scored_at: now.toISOString(),
      };
      return json(body);
    } catch (error) {
      return errorResponse(error, deps.log);
    }
  };
}
