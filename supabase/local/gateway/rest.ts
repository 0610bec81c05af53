/**
 * /rest/v1 — PostgREST semantics for RPC (`supabase.rpc()`), as PostgREST v14 implements them:
 * role from the JWT (`set local role` through the NOINHERIT `authenticator` login), the
 * per-request GUCs (`request.jwt.claims`, `request.headers`, …), named JSON arguments typed
 * with json_to_record, read-only transactions for GET and STABLE/IMMUTABLE functions, and
 * PostgREST's error JSON with its SQLSTATE→HTTP table.
 *
 * Table endpoints are deliberately not served: the app reads through its local replica and
 * writes through RPC, so `/rest/v1/<table>` answers 501 and says so.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import pg from 'pg';
import type { GatewayContext } from './context.ts';
import {
  HttpReply,
  applyEdgeForwarding,
  BodyTooLargeError,
  cookiesAsJson,
  header,
  headersAsJson,
  parseJson,
  readBody,
  sendEmpty,
} from './http.ts';
import { bearerToken, resolveAuthorization, verifyJwt, type JwtClaims } from './jwt.ts';

/** Largest RPC body accepted (sync batches are the biggest callers). */
export const RPC_BODY_LIMIT = 16 * 1024 * 1024;

const RESERVED_QUERY_PARAMS = new Set(['select', 'order', 'limit', 'offset', 'columns', 'on_conflict']);

export type PgrstError = { code: string; message: string; details: string | null; hint: string | null };

function pgrstError(
  code: string,
  message: string,
  details: string | null = null,
  hint: string | null = null,
): PgrstError {
  return { code, message, details, hint };
}

function errorHeaders(code: string, extra: Record<string, string> = {}): Record<string, string> {
  return { 'Proxy-Status': `PostgREST; error=${code}`, ...extra };
}

function reply(status: number, error: PgrstError, extra: Record<string, string> = {}): HttpReply {
  return new HttpReply(status, error, errorHeaders(error.code, extra));
}

function jwtReply(code: 'PGRST301' | 'PGRST303', message: string): HttpReply {
  return reply(401, pgrstError(code, message), {
    'WWW-Authenticate': `Bearer error="invalid_token", error_description="${message.replace(/"/g, "'")}"`,
  });
}

export type RequestAuth = { role: string; claims: JwtClaims };

/**
 * PostgREST's JWT handling (Auth/Jwt.hs): no Authorization → anon with claims {role}; otherwise
 * the token must verify, and `role` defaults to the anon role.
 */
export function authenticateRequest(req: IncomingMessage, jwtSecret: string): RequestAuth {
  const authorization = resolveAuthorization(header(req, 'authorization'), header(req, 'apikey'));
  if (authorization === undefined) return { role: 'anon', claims: { role: 'anon' } };
  const token = bearerToken(authorization);
  if (token === undefined || token === '') {
    if (token === '') throw jwtReply('PGRST301', 'Empty JWT is sent in Authorization header');
    throw jwtReply('PGRST301', `Expected 3 parts in JWT; got ${authorization.split('.').length}`);
  }
  const result = verifyJwt(token, jwtSecret);
  if (!result.ok) {
    const f = result.failure;
    switch (f.kind) {
      case 'empty':
        throw jwtReply('PGRST301', 'Empty JWT is sent in Authorization header');
      case 'parts':
        throw jwtReply('PGRST301', `Expected 3 parts in JWT; got ${f.parts}`);
      case 'algorithm':
        throw jwtReply('PGRST301', 'Wrong or unsupported encoding algorithm');
      case 'signature':
      case 'malformed':
        throw jwtReply('PGRST301', 'No suitable key or wrong key type');
      case 'expired':
        throw jwtReply('PGRST303', 'JWT expired');
      case 'not_yet_valid':
        throw jwtReply('PGRST303', 'JWT not yet valid');
      case 'issued_in_future':
        throw jwtReply('PGRST303', 'JWT issued at future');
    }
  }
  const role = typeof result.claims.role === 'string' && result.claims.role !== '' ? result.claims.role : 'anon';
  return { role, claims: { ...result.claims, role } };
}

/** SQLSTATE → HTTP status (PostgREST v14.12 Error.hs#pgErrorStatus). */
export function statusForSqlState(code: string, message: string, isAuthed: boolean): number {
  if (code === '42501') return isAuthed ? 403 : 401;
  if (code === '23503' || code === '23505') return 409;
  if (code === '25006') return 405;
  if (code === 'P0001') return 400;
  if (code === '42883') return 404;
  if (code === '42P01') return 404;
  if (code === '42P17') return 500;
  if (code === '21000') return /requires a WHERE clause$/.test(message) ? 400 : 500;
  if (code === '22023') return /^role .* does not exist$/.test(message) ? 401 : 400;
  if (code === '57P01') return 503;
  if (/^PT\d{3}$/.test(code)) {
    const status = Number(code.slice(2));
    return status >= 100 && status <= 599 ? status : 500;
  }
  const cls = code.slice(0, 2);
  if (cls === '08') return 503;
  if (cls === '09') return 500;
  if (cls === '0L' || cls === '0P') return 403;
  if (cls === '28') return 403;
  if (cls === '53') return code === '53400' ? 500 : 503;
  if (['25', '2D', '38', '39', '3B', '40', '54', '55', '57', '58', 'F0', 'HV', 'P0', 'XX'].includes(cls)) return 500;
  return 400;
}

type DbError = { code?: string; message?: string; detail?: string; hint?: string };

function replyForDbError(error: unknown, isAuthed: boolean): HttpReply {
  const e = error as DbError;
  const code = typeof e.code === 'string' ? e.code : 'XX000';
  const message = typeof e.message === 'string' ? e.message : 'Database error';
  if (code === 'PGRST') {
    // RAISE SQLSTATE 'PGRST' with JSON MESSAGE/DETAIL gives full control (PostgREST docs).
    try {
      const m = JSON.parse(message) as unknown;
      const d = JSON.parse(e.detail ?? '{}') as unknown;
      if (m === null || typeof m !== 'object' || d === null || typeof d !== 'object') throw new Error('not objects');
      const body = m as Record<string, unknown>;
      const detail = d as Record<string, unknown>;
      const status = detail['status'] ?? 400;
      // The function controls status and headers: refuse anything Node could not send.
      if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
        throw new Error('bad status');
      }
      const headers: Record<string, string> = {};
      const rawHeaders = detail['headers'] ?? {};
      if (rawHeaders === null || typeof rawHeaders !== 'object' || Array.isArray(rawHeaders))
        throw new Error('bad headers');
      for (const [name, value] of Object.entries(rawHeaders as Record<string, unknown>)) {
        if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || typeof value !== 'string' || /[\r\n\0]/.test(value)) {
          throw new Error('bad header');
        }
        headers[name] = value;
      }
      const asText = (v: unknown): string | null => (typeof v === 'string' ? v : null);
      const code = asText(body['code']) ?? 'PGRST';
      return new HttpReply(
        status,
        pgrstError(code, asText(body['message']) ?? '', asText(body['details']), asText(body['hint'])),
        { ...headers, 'Proxy-Status': `PostgREST; error=${code}` },
      );
    } catch {
      return reply(
        500,
        pgrstError('PGRST121', 'Could not parse JSON in the "RAISE SQLSTATE \'PGRST\'" error', message),
      );
    }
  }
  const status = statusForSqlState(code, message, isAuthed);
  return reply(status, pgrstError(code, message, e.detail ?? null, e.hint ?? null));
}

type ProcArg = { name: string; type: string; hasDefault: boolean };
export type ProcInfo = {
  schema: string;
  name: string;
  args: ProcArg[];
  /** 'v' volatile, 's' stable, 'i' immutable */
  volatility: string;
  returnsSet: boolean;
  returnsVoid: boolean;
  /** composite (table row / record with OUT params) rather than a scalar */
  returnsComposite: boolean;
  /** single unnamed json/jsonb parameter */
  isSingleUnnamedJson: boolean;
};

type ProcRow = {
  proname: string;
  pronargdefaults: number;
  arg_names: string[] | null;
  arg_modes: string[] | null;
  arg_types: string[];
  provolatile: string;
  proretset: boolean;
  return_type: string;
  return_typtype: string;
};

/** Loads every overload of schema.name from the catalog (PostgREST keeps this in its schema cache). */
async function loadProcs(client: pg.PoolClient, schema: string, name: string): Promise<ProcInfo[]> {
  const { rows } = await client.query<ProcRow>(
    `select p.proname, p.pronargdefaults,
            p.proargnames as arg_names,
            p.proargmodes::text[] as arg_modes,
            array(select format_type(t, null) from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) as t) as arg_types,
            p.provolatile::text as provolatile, p.proretset,
            format_type(p.prorettype, null) as return_type,
            rt.typtype::text as return_typtype
       from pg_catalog.pg_proc p
       join pg_catalog.pg_namespace n on n.oid = p.pronamespace
       join pg_catalog.pg_type rt on rt.oid = p.prorettype
      where n.nspname = $1 and p.proname = $2 and p.prokind = 'f'`,
    [schema, name],
  );
  return rows.map((row) => {
    const args: ProcArg[] = [];
    const inputs: { name: string; type: string }[] = [];
    row.arg_types.forEach((type, i) => {
      const mode = row.arg_modes?.[i] ?? 'i';
      if (mode === 'i' || mode === 'b' || mode === 'v') inputs.push({ name: row.arg_names?.[i] ?? '', type });
    });
    const firstDefault = inputs.length - row.pronargdefaults;
    inputs.forEach((input, i) => args.push({ ...input, hasDefault: i >= firstDefault }));
    const isSingleUnnamedJson =
      args.length === 1 && args[0]?.name === '' && (args[0].type === 'json' || args[0].type === 'jsonb');
    return {
      schema,
      name: row.proname,
      args,
      volatility: row.provolatile,
      returnsSet: row.proretset,
      returnsVoid: row.return_type === 'void',
      returnsComposite: row.return_typtype === 'c' || row.return_type === 'record',
      isSingleUnnamedJson,
    };
  });
}

/** Chooses the overload whose parameter names match the given keys (Plan.hs#findProc). */
export function chooseProc(procs: readonly ProcInfo[], keys: readonly string[]): ProcInfo[] {
  const keySet = new Set(keys);
  const named = procs.filter((p) => {
    if (p.isSingleUnnamedJson) return false;
    if (p.args.some((a) => a.name === '')) return false;
    if (p.args.length === 0) return keySet.size === 0;
    const names = new Set(p.args.map((a) => a.name));
    for (const k of keySet) if (!names.has(k)) return false;
    return p.args.every((a) => a.hasDefault || keySet.has(a.name));
  });
  if (named.length > 0) return named;
  return procs.filter((p) => p.isSingleUnnamedJson);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function notFoundReply(schema: string, name: string, keys: readonly string[], procs: readonly ProcInfo[]): HttpReply {
  const sorted = [...keys].sort();
  const signature = `${schema}.${name}(${sorted.join(', ')})`;
  const details =
    keys.length === 0
      ? `Searched for the function ${schema}.${name} without parameters or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.`
      : `Searched for the function ${schema}.${name} with parameter${keys.length > 1 ? 's' : ''} ${sorted.join(', ')} or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.`;
  const candidate = procs[0];
  const hint = candidate
    ? `Perhaps you meant to call the function ${schema}.${name}(${candidate.args.map((a) => a.name).join(', ')})`
    : null;
  return reply(
    404,
    pgrstError('PGRST202', `Could not find the function ${signature} in the schema cache`, details, hint),
  );
}

/** Per-role settings PostgREST re-applies per request (role-level GUCs are not applied by SET ROLE). */
async function loadRoleSettings(client: pg.PoolClient): Promise<Map<string, [string, string][]>> {
  const { rows } = await client.query<{ rolname: string; rolconfig: string[] | null }>(
    `select r.rolname, r.rolconfig from pg_catalog.pg_roles r
      where pg_catalog.pg_has_role('authenticator', r.oid, 'MEMBER') and r.rolname <> 'authenticator'`,
  );
  const map = new Map<string, [string, string][]>();
  const userSettable = new Set([
    'statement_timeout',
    'lock_timeout',
    'search_path',
    'idle_in_transaction_session_timeout',
  ]);
  for (const row of rows) {
    const settings: [string, string][] = [];
    for (const entry of row.rolconfig ?? []) {
      const index = entry.indexOf('=');
      const key = entry.slice(0, index);
      if (userSettable.has(key)) settings.push([key, entry.slice(index + 1)]);
    }
    map.set(row.rolname, settings);
  }
  return map;
}

export type RestService = {
  handle(req: IncomingMessage, res: ServerResponse, url: URL, subpath: string): Promise<void>;
};

export function createRestService(ctx: GatewayContext): RestService {
  let roleSettings: Map<string, [string, string][]> | undefined;
  // PostgREST's schema cache: function signatures by "schema.name", dropped whenever the
  // database announces DDL (`NOTIFY pgrst, 'reload schema'` from the pgrst_ddl_watch event
  // triggers the Supabase image installs) or when the LISTEN connection reconnects. Misses are
  // not cached, so a function created a moment ago is always found.
  const procCache = new Map<string, ProcInfo[]>();
  const clearCaches = (): void => {
    procCache.clear();
    roleSettings = undefined;
  };
  void ctx.notifications.listen('pgrst', clearCaches, clearCaches).catch((error: unknown) => {
    ctx.log(`rest: schema cache invalidation unavailable: ${error instanceof Error ? error.message : String(error)}`);
  });
  async function getProcs(client: pg.PoolClient, schema: string, name: string): Promise<ProcInfo[]> {
    const key = `${schema}.${name}`;
    const cached = procCache.get(key);
    if (cached) return cached;
    const procs = await loadProcs(client, schema, name);
    if (procs.length > 0) procCache.set(key, procs);
    return procs;
  }

  async function callRpc(req: IncomingMessage, res: ServerResponse, url: URL, fnName: string): Promise<void> {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'POST' && method !== 'HEAD') {
      throw reply(405, pgrstError('PGRST101', `Cannot use the ${method} method on RPC`));
    }
    const isRead = method === 'GET' || method === 'HEAD';
    const profile = header(req, isRead ? 'accept-profile' : 'content-profile');
    const schema = profile ?? ctx.config.exposedSchemas[0] ?? 'public';
    if (!ctx.config.exposedSchemas.includes(schema)) {
      throw reply(
        406,
        pgrstError(
          'PGRST106',
          `Invalid schema: ${schema}`,
          null,
          `Only the following schemas are exposed: ${ctx.config.exposedSchemas.join(', ')}`,
        ),
      );
    }
    const auth = authenticateRequest(req, ctx.jwtSecret);
    const isAuthed = auth.role !== 'anon';

    // Arguments: JSON body for POST, query parameters for GET/HEAD.
    let args: Record<string, unknown> = {};
    let rawBody: unknown;
    if (method === 'POST') {
      let body: Buffer;
      try {
        body = await readBody(req, RPC_BODY_LIMIT);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          throw reply(413, pgrstError('PGRST413', `Request body exceeds ${RPC_BODY_LIMIT} bytes`));
        }
        throw error;
      }
      const contentType = (header(req, 'content-type') ?? 'application/json').split(';')[0]?.trim().toLowerCase();
      if (contentType !== 'application/json' && body.length > 0) {
        throw reply(415, pgrstError('PGRST107', `None of these media types are available: ${contentType ?? ''}`));
      }
      const parsed = parseJson(body);
      if (!parsed.ok) throw reply(400, pgrstError('PGRST102', 'Empty or invalid json'));
      rawBody = parsed.value ?? {};
      if (rawBody !== null && typeof rawBody === 'object' && !Array.isArray(rawBody)) {
        args = rawBody as Record<string, unknown>;
      } else {
        args = {};
      }
    } else {
      for (const [key, value] of url.searchParams) {
        if (RESERVED_QUERY_PARAMS.has(key)) continue;
        args[key] = value;
      }
      rawBody = args;
    }
    const isObjectBody = rawBody !== null && typeof rawBody === 'object' && !Array.isArray(rawBody);
    const keys = isObjectBody ? Object.keys(args) : ['<non-object body>'];

    const client = await ctx.apiPool.connect();
    let isInTransaction = false;
    let releaseError: Error | undefined;
    try {
      // A local binding: a concurrent schema reload (NOTIFY pgrst) may clear the cached map while
      // this request awaits, and must not leave it undefined under our feet.
      const settingsByRole = roleSettings ?? (roleSettings = await loadRoleSettings(client));
      const procs = await getProcs(client, schema, fnName);
      const candidates = isObjectBody ? chooseProc(procs, keys) : procs.filter((p) => p.isSingleUnnamedJson);
      if (candidates.length === 0) throw notFoundReply(schema, fnName, isObjectBody ? keys : [], procs);
      if (candidates.length > 1) {
        throw reply(
          300,
          pgrstError(
            'PGRST203',
            `Could not choose the best candidate function between: ${candidates
              .map((c) => `${schema}.${fnName}(${c.args.map((a) => `${a.name} => ${a.type}`).join(', ')})`)
              .join(', ')}`,
            null,
            'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
          ),
        );
      }
      const proc = candidates[0] as ProcInfo;
      const isReadOnly = isRead || proc.volatility !== 'v';
      const target = `${quoteIdent(schema)}.${quoteIdent(fnName)}`;

      // Build the call the way PostgREST does: arguments typed through json_to_record.
      const params: unknown[] = [];
      let from = '';
      let call: string;
      if (proc.isSingleUnnamedJson) {
        params.push(JSON.stringify(rawBody));
        call = `${target}($1::${proc.args[0]?.type ?? 'json'})`;
      } else {
        const passed = proc.args.filter((a) => Object.prototype.hasOwnProperty.call(args, a.name));
        if (isRead) {
          // Query parameters are text; PostgREST casts them to the parameter type, so a json or
          // jsonb parameter receives the parsed document, not a JSON string.
          for (const arg of passed) {
            if (arg.type !== 'json' && arg.type !== 'jsonb') continue;
            try {
              args[arg.name] = JSON.parse(String(args[arg.name])) as unknown;
            } catch {
              throw reply(400, pgrstError('22P02', `invalid input syntax for type ${arg.type}`));
            }
          }
        }
        if (passed.length > 0) {
          params.push(JSON.stringify(args));
          from = ` from json_to_record($1::json) as pgrst_args(${passed.map((a) => `${quoteIdent(a.name)} ${a.type}`).join(', ')})`;
        }
        call = `${target}(${passed.map((a) => `${quoteIdent(a.name)} := pgrst_args.${quoteIdent(a.name)}`).join(', ')})`;
      }
      const maxRows = ctx.config.maxRows;
      let sql: string;
      // Each variant yields `body` (JSON text) and `total` (rows the function produced; the body
      // holds at most max_rows of them, and Content-Range reports the total like PostgREST).
      if (proc.returnsVoid) {
        sql = `select null::text as body, count(*)::int as total from (select ${call}${from}) pgrst_void`;
      } else if (proc.returnsSet) {
        const source = from ? `${from.slice(6)} cross join lateral ${call}` : call;
        const limit = maxRows !== undefined ? ` limit ${maxRows}` : '';
        const [columns, aggregate] = proc.returnsComposite
          ? ['pgrst_call.*', 'pgrst_t']
          : ['pgrst_call as v', 'pgrst_t.v'];
        sql = `with pgrst_all as materialized (select ${columns} from ${source} as pgrst_call)
          select coalesce((select json_agg(${aggregate}) from (select * from pgrst_all${limit}) pgrst_t), '[]')::text as body,
                 (select count(*) from pgrst_all)::int as total`;
      } else if (proc.returnsComposite) {
        const source = from ? `${from.slice(6)} cross join lateral ${call}` : call;
        sql = `select (json_agg(pgrst_call) -> 0)::text as body, 1 as total from ${source} as pgrst_call`;
      } else {
        sql = `select to_json(${call})::text as body, 1 as total${from}`;
      }

      const settings: [string, string][] = [
        ['search_path', [schema, ...ctx.config.extraSearchPath.filter((s) => s !== schema)].map(quoteIdent).join(', ')],
        ...(settingsByRole.get(auth.role) ?? []),
        ['role', auth.role],
        ['request.jwt.claims', JSON.stringify(auth.claims)],
        ['request.method', method],
        ['request.path', `/rpc/${fnName}`],
        ['request.headers', JSON.stringify(headersAsJson(req))],
        ['request.cookies', JSON.stringify(cookiesAsJson(req))],
      ];
      const prefer = header(req, 'prefer') ?? '';
      const tz = /timezone=([^,;\s]+)/.exec(prefer)?.[1];
      if (tz) settings.push(['timezone', tz]);
      // One round trip for the transaction prelude (simple protocol, escaped literals), one for
      // the call — which also reads the response.* GUCs the function may have set — one to commit.
      isInTransaction = true;
      await client.query(
        `${isReadOnly ? 'begin isolation level read committed read only' : 'begin'};
         select ${settings.map(([k, v]) => `set_config(${pg.escapeLiteral(k)}, ${pg.escapeLiteral(v)}, true)`).join(', ')}`,
      );
      const result = await client.query<{
        body: string | null;
        total: number;
        status: string | null;
        headers: string | null;
      }>(
        `with pgrst_source as materialized (${sql})
         select body, total, nullif(current_setting('response.status', true), '') as status,
                nullif(current_setting('response.headers', true), '') as headers
           from pgrst_source`,
        params,
      );
      const responseSettings = result;

      const wantsSingle = (header(req, 'accept') ?? '').includes('application/vnd.pgrst.object+json');
      const total = result.rows[0]?.total ?? 0;
      const rowCount = maxRows !== undefined ? Math.min(total, maxRows) : total;
      if (wantsSingle && proc.returnsSet && rowCount !== 1) {
        await client.query('rollback');
        isInTransaction = false;
        throw reply(
          406,
          pgrstError(
            'PGRST116',
            'Cannot coerce the result to a single JSON object',
            `The result contains ${rowCount} rows`,
          ),
        );
      }
      const isRollbackPreferred = /tx=rollback/.test(prefer);
      await client.query(isRollbackPreferred ? 'rollback' : 'commit');
      isInTransaction = false;

      const extraHeaders: Record<string, string> = {};
      const overrideHeaders = responseSettings.rows[0]?.headers;
      if (overrideHeaders) {
        try {
          const list = JSON.parse(overrideHeaders) as unknown;
          if (Array.isArray(list)) {
            for (const item of list) {
              if (item && typeof item === 'object') {
                for (const [k, v] of Object.entries(item as Record<string, unknown>)) extraHeaders[k] = String(v);
              }
            }
          }
        } catch {
          // PostgREST answers 500 on malformed response.headers; we ignore them instead.
        }
      }
      const overrideStatus = Number(responseSettings.rows[0]?.status ?? Number.NaN);

      if (proc.returnsVoid) {
        sendEmpty(res, Number.isInteger(overrideStatus) ? overrideStatus : 204, extraHeaders);
        return;
      }
      let bodyText = result.rows[0]?.body ?? 'null';
      if (wantsSingle && proc.returnsSet) bodyText = JSON.stringify((JSON.parse(bodyText) as unknown[])[0] ?? null);
      const range = proc.returnsSet
        ? rowCount === 0
          ? '*/*'
          : `0-${rowCount - 1}/${/count=(exact|planned|estimated)/.test(prefer) ? total : '*'}`
        : '0-0/*';
      if (proc.returnsSet && /count=(exact|planned|estimated)/.test(prefer) && rowCount === 0) {
        extraHeaders['Content-Range'] = '*/0';
      }
      const headers: Record<string, string> = {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Range': range,
        ...extraHeaders,
      };
      if (method === 'HEAD') {
        res.writeHead(Number.isInteger(overrideStatus) ? overrideStatus : 200, headers);
        res.end();
        return;
      }
      res.writeHead(Number.isInteger(overrideStatus) ? overrideStatus : 200, {
        ...headers,
        'Content-Length': String(Buffer.byteLength(bodyText)),
      });
      res.end(bodyText);
    } catch (error) {
      if (isInTransaction) {
        await client.query('rollback').catch((rollbackError: unknown) => {
          // A connection that cannot roll back is in an unknown state: destroy it, never reuse it.
          releaseError = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
      }
      if (error instanceof HttpReply) throw error;
      if ((error as DbError).code === undefined) throw error;
      // A cached signature may name a function dropped since: forget it (PostgREST refreshes too).
      if ((error as DbError).code === '42883') procCache.delete(`${schema}.${fnName}`);
      throw replyForDbError(error, isAuthed);
    } finally {
      client.release(releaseError);
    }
  }

  return {
    async handle(req, res, url, subpath) {
      // request.headers then carries the cf-connecting-ip the platform vouches for (private.request_ip()).
      applyEdgeForwarding(req);
      const match = /^\/rpc\/([^/]+)\/?$/.exec(subpath);
      if (match) {
        let fnName: string;
        try {
          fnName = decodeURIComponent(match[1] ?? '');
        } catch {
          throw reply(400, pgrstError('PGRST100', 'Invalid function name encoding'));
        }
        await callRpc(req, res, url, fnName);
        return;
      }
      throw new HttpReply(501, {
        code: 'PGRST501',
        message:
          'Table endpoints are not served by the Comptoir gateway: the app reads through its local replica and writes through RPC (/rest/v1/rpc/<function>).',
        details: null,
        hint: 'Call a function with supabase.rpc() instead.',
      });
    },
  };
}
