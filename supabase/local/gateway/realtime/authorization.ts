/**
 * Private-channel authorization by RLS on realtime.messages, exactly as Realtime probes it
 * (`lib/realtime/tenants/authorization.ex`):
 *
 * - read: in a transaction, insert one probe row per extension as the privileged user, switch
 *   to the caller's role and request GUCs, select the probe ids back, roll back. A visible
 *   probe row means the SELECT policies let the caller read that extension.
 * - write: same GUCs, then INSERT as the caller inside a savepoint per extension; success means
 *   write, SQLSTATE 42501 means no write, anything else is an error. Rolled back.
 *
 * Nothing is ever committed, so the probes never reach subscribers (NOTIFY is transactional).
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { JwtClaims } from '../jwt.ts';

export type Extension = 'broadcast' | 'presence';

/** Upper bound for one authorization probe (policies run arbitrary SQL). */
const PROBE_TIMEOUT_MS = 5_000;

/** `undefined` means "not evaluated yet" (upstream nil), distinct from a denial. */
export type Permission = { read?: boolean | undefined; write?: boolean | undefined };

export type Policies = { broadcast: Permission; presence: Permission };

export type AuthorizationContext = {
  /** The sub-topic (channel name without `realtime:`), what `realtime.topic()` returns. */
  readonly topic: string;
  readonly claims: JwtClaims;
  readonly role: string;
  readonly sub: string | null;
  /** Request headers as Realtime records them (x-* headers of the WebSocket upgrade). */
  readonly headers: Readonly<Record<string, string>>;
};

export type AuthorizationResult =
  { ok: true; policies: Policies } | { ok: false; kind: 'rls_policy_error' | 'database_unavailable'; message: string };

export function createPolicies(): Policies {
  return { broadcast: {}, presence: {} };
}

export function buildAuthorizationContext(
  topic: string,
  claims: JwtClaims,
  headers: Readonly<Record<string, string>>,
): AuthorizationContext {
  const role = claims.role;
  const sub = claims.sub;
  return {
    topic,
    claims,
    role: typeof role === 'string' ? role : JSON.stringify(role),
    sub: sub === undefined || sub === null ? null : typeof sub === 'string' ? sub : JSON.stringify(sub),
    headers,
  };
}

type PgError = { code?: unknown; message?: unknown };

function isPgError(error: unknown): error is PgError & { code: string } {
  return typeof error === 'object' && error !== null && typeof (error as PgError).code === 'string';
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

async function setConnectionConfig(client: pg.PoolClient, context: AuthorizationContext): Promise<void> {
  await client.query(
    `select set_config('role', $1, true),
            set_config('realtime.topic', $2, true),
            set_config('request.jwt.claims', $3, true),
            set_config('request.jwt.claim.sub', $4, true),
            set_config('request.jwt.claim.role', $5, true),
            set_config('request.headers', $6, true)`,
    [
      context.role,
      context.topic,
      JSON.stringify(context.claims),
      context.sub,
      context.role,
      JSON.stringify(context.headers),
    ],
  );
}

async function runInRolledBackTransaction(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<Policies>,
): Promise<AuthorizationResult> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    return { ok: false, kind: 'database_unavailable', message: describeError(error) };
  }
  let isBroken = false;
  try {
    await client.query('begin');
    // A policy that never returns must not hold a pooled connection (or a join) forever.
    await client.query(`set local statement_timeout = '${PROBE_TIMEOUT_MS}ms'`);
    const policies = await work(client);
    await client.query('rollback');
    return { ok: true, policies };
  } catch (error) {
    try {
      await client.query('rollback');
    } catch {
      isBroken = true;
    }
    if (isPgError(error)) return { ok: false, kind: 'rls_policy_error', message: describeError(error) };
    isBroken = true;
    return { ok: false, kind: 'database_unavailable', message: describeError(error) };
  } finally {
    client.release(isBroken);
  }
}

/** Evaluates read permissions for broadcast (and presence when enabled). */
export function getReadAuthorizations(
  pool: pg.Pool,
  policies: Policies,
  context: AuthorizationContext,
  options: { isPresenceEnabled: boolean },
): Promise<AuthorizationResult> {
  const extensions: Extension[] = options.isPresenceEnabled ? ['broadcast', 'presence'] : ['broadcast'];
  return runInRolledBackTransaction(pool, async (client) => {
    const probes = extensions.map((extension) => ({ extension, id: randomUUID() }));
    await client.query(
      `insert into realtime.messages (id, topic, extension, inserted_at, updated_at)
       select probe.id, $2, probe.extension, now(), now()
         from unnest($1::uuid[], $3::text[]) as probe(id, extension)`,
      [probes.map((p) => p.id), context.topic, probes.map((p) => p.extension)],
    );
    await setConnectionConfig(client, context);
    const { rows } = await client.query<{ id: string }>(
      'select id::text as id from realtime.messages where id = any($1::uuid[])',
      [probes.map((p) => p.id)],
    );
    const visible = new Set(rows.map((row) => row.id));
    const next: Policies = { broadcast: { ...policies.broadcast }, presence: { ...policies.presence } };
    for (const probe of probes) next[probe.extension].read = visible.has(probe.id);
    return next;
  });
}

/** Evaluates write permissions; extensions not checked are recorded as denied, as upstream does. */
export function getWriteAuthorizations(
  pool: pg.Pool,
  policies: Policies,
  context: AuthorizationContext,
  options: { isPresenceEnabled: boolean } = { isPresenceEnabled: true },
): Promise<AuthorizationResult> {
  const extensions: Extension[] = options.isPresenceEnabled ? ['broadcast', 'presence'] : ['broadcast'];
  return runInRolledBackTransaction(pool, async (client) => {
    await setConnectionConfig(client, context);
    const next: Policies = { broadcast: { ...policies.broadcast }, presence: { ...policies.presence } };
    for (const extension of ['broadcast', 'presence'] as const) {
      if (!extensions.includes(extension)) {
        next[extension].write = false;
        continue;
      }
      await client.query('savepoint realtime_write_check');
      try {
        await client.query(
          `insert into realtime.messages (topic, extension, inserted_at, updated_at) values ($1, $2, now(), now())`,
          [context.topic, extension],
        );
        await client.query('release savepoint realtime_write_check');
        next[extension].write = true;
      } catch (error) {
        if (isPgError(error) && error.code === '42501') {
          await client.query('rollback to savepoint realtime_write_check');
          next[extension].write = false;
          continue;
        }
        throw error;
      }
    }
    return next;
  });
}
