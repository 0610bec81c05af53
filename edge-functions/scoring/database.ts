/**
 * The scoring function's database access: a supabase-js client with the service role, calling the
 * three service_role-only RPCs of 20261122120000_create_scoring_jobs.sql. Reason for the service
 * role: the job reads and writes every tenant's scores, which no signed-in user may do; the handler
 * has already checked that its own caller is the service role.
 */
import { createClient } from 'npm:@supabase/supabase-js@2.119.1';
import type { ScorePayload, ScoringDatabase, Written } from './recompute.ts';

type ReadEnv = (name: string) => string | undefined;

function readRequired(readEnv: ReadEnv, name: string): string {
  const value = readEnv(name);
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

type RpcError = { readonly code?: string; readonly message?: string };

function describe(error: RpcError): string {
  return `${error.code ?? ''} ${error.message ?? ''}`.trim();
}

type CallRpc = (fn: string, args?: Record<string, unknown>) => Promise<{ data: unknown; error: RpcError | null }>;

/** Opens the service-role database access from the function's environment. */
export function createScoringDatabase(readEnv: ReadEnv): ScoringDatabase {
  // Created on first use: a missing variable fails the request (500, logged), not the worker's start.
  let callRpc: CallRpc | undefined;
  const getCallRpc = (): CallRpc => {
    if (callRpc) return callRpc;
    const client = createClient(
      readRequired(readEnv, 'SUPABASE_URL'),
      readRequired(readEnv, 'SUPABASE_SERVICE_ROLE_KEY'),
      {
        auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      },
    );
    callRpc = async (fn, args) => {
      const { data, error } = await client.rpc(fn, args);
      return { data: data as unknown, error };
    };
    return callRpc;
  };
  return {
    async listTenants() {
      const { data, error } = await getCallRpc()('list_scoring_tenants');
      if (error) throw new Error(`list_scoring_tenants: ${describe(error)}`);
      if (!Array.isArray(data)) throw new Error('list_scoring_tenants returned no list');
      return data.map((row: unknown) => String(row));
    },
    async readInputs(tenantId) {
      const { data, error } = await getCallRpc()('scoring_inputs', { p_tenant_id: tenantId });
      if (error) throw new Error(`scoring_inputs: ${describe(error)}`);
      return data;
    },
    async applyScores(tenantId: string, scores: ScorePayload): Promise<Written> {
      const { data, error } = await getCallRpc()('apply_scores', { p_tenant_id: tenantId, p_scores: scores });
      if (error) throw new Error(`apply_scores: ${describe(error)}`);
      const written = data as { opportunities?: unknown; contacts?: unknown } | null;
      return { opportunities: Number(written?.opportunities ?? 0), contacts: Number(written?.contacts ?? 0) };
    },
  };
}
