/**
 * The demo CRM data (supabase/seed.sql) through the gateway: a few hundred valid companies and
 * contacts per demo tenant, pulled by the demo logins with their real passwords — the garage's
 * sales login gets every company but only the contacts she owns; the client login gets nothing.
 */
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { pullResponseSchema, type PullResponse } from '../../shared/sync/protocol.ts';
import { getStack } from '../local/test/stack-info.ts';

const stack = getStack();
const GARAGE = '019a8f00-1000-7000-8000-000000000001';
const STUDIO = '019a8f00-2000-7000-8000-000000000001';
const CLAIRE = '019a8f00-0000-7000-8000-000000000004';

async function signIn(email: string): Promise<SupabaseClient> {
  const client = createClient(stack.apiUrl, stack.anonKey, {
    realtime: { transport: WebSocket as never },
    auth: { persistSession: false, autoRefreshToken: false },
  });
  const { error } = await client.auth.signInWithPassword({ email, password: 'Comptoir-demo-2026' });
  if (error) throw error;
  return client;
}

/** An initial sync through the gateway: every page of the first window. */
async function pullEverything(client: SupabaseClient, tenantId: string): Promise<PullResponse[]> {
  const pages: PullResponse[] = [];
  let cursor: string | null = null;
  for (;;) {
    const { data, error } = await client.rpc('sync_pull', { p_tenant_id: tenantId, p_cursor: cursor, p_limit: 150 });
    if (error) throw new Error(error.message);
    const page = pullResponseSchema.parse(data);
    pages.push(page);
    cursor = page.cursor;
    if (!page.has_more) return pages;
  }
}

describe('demo CRM data', () => {
  it('gives each demo tenant a few hundred companies and contacts', async () => {
    for (const [email, tenantId] of [
      ['marc.durand@garage-du-centre.test', GARAGE],
      ['camille.moreau@studio-pixel.test', STUDIO],
    ] as const) {
      const pages = await pullEverything(await signIn(email), tenantId);
      const companies = pages.flatMap((p) => p.changes.companies);
      const contacts = pages.flatMap((p) => p.changes.contacts);
      expect(companies.length, email).toBeGreaterThanOrEqual(200);
      expect(contacts.length, email).toBeGreaterThanOrEqual(300);
      // Progress counts the rows of every synced table (the V1 sales data too).
      const everyRow = pages.reduce(
        (sum, p) => sum + Object.values(p.changes).reduce((n, rows) => n + rows.length, 0),
        0,
      );
      expect(pages.at(-1)?.progress?.done).toBe(everyRow);
      expect(companies.filter((c) => c['siret'] !== null).length).toBeGreaterThan(150);
      expect(new Set(contacts.map((c) => c['owner_id'])).size).toBeGreaterThanOrEqual(5);
    }
  });

  it('shows the garage’s sales login every company but only her own contacts', async () => {
    const pages = await pullEverything(await signIn('claire.petit@garage-du-centre.test'), GARAGE);
    const contacts = pages.flatMap((p) => p.changes.contacts);
    expect(pages.flatMap((p) => p.changes.companies).length).toBeGreaterThanOrEqual(200);
    expect(contacts.length).toBeGreaterThan(20);
    expect(contacts.filter((c) => c['owner_id'] !== CLAIRE)).toEqual([]);
  });

  it('shows the client login nothing', async () => {
    const pages = await pullEverything(await signIn('paul.lefebvre@client.test'), GARAGE);
    expect(pages.flatMap((p) => [...p.changes.companies, ...p.changes.contacts])).toEqual([]);
  });
});
