/**
 * The attachments bucket: staff upload `<tenant>/<sha256>` objects of their own tenant and read
 * them; an outsider, a client and anon cannot; names must be a content hash; nobody overwrites.
 */
import { createClient } from '@supabase/supabase-js';
import { createHash } from 'node:crypto';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { getStack } from '../local/test/stack-info.ts';

const stack = getStack();
const GARAGE = '019a8f00-1000-7000-8000-000000000001';
const STUDIO = '019a8f00-2000-7000-8000-000000000001';

async function signIn(email: string) {
  const client = createClient(stack.apiUrl, stack.anonKey, {
    realtime: { transport: WebSocket as never },
    auth: { persistSession: false, autoRefreshToken: false },
  });
  const { error } = await client.auth.signInWithPassword({ email, password: 'Comptoir-demo-2026' });
  if (error) throw error;
  return client;
}

function blob(text: string): { bytes: Uint8Array; hash: string } {
  const bytes = new TextEncoder().encode(text);
  return { bytes, hash: createHash('sha256').update(bytes).digest('hex') };
}

describe('attachments bucket', () => {
  it('lets staff upload and read a content-addressed object of their tenant', async () => {
    const karim = await signIn('karim.haddad@garage-du-centre.test');
    const file = blob(`carte grise ${Date.now()}`);
    const path = `${GARAGE}/${file.hash}`;
    const up = await karim.storage.from('attachments').upload(path, file.bytes, { contentType: 'text/plain' });
    expect(up.error).toBeNull();
    const down = await karim.storage.from('attachments').download(path);
    expect(down.error).toBeNull();
    expect(await down.data?.text()).toBe(new TextDecoder().decode(file.bytes));
    // Immutable: the same name again is refused, with or without upsert.
    const again = await karim.storage.from('attachments').upload(path, file.bytes, { upsert: true });
    expect(again.error).not.toBeNull();
  });

  it('refuses another tenant, clients, anon and names that are not a hash', async () => {
    const thomas = await signIn('thomas.roux@studio-pixel.test');
    const paul = await signIn('paul.lefebvre@client.test');
    const anon = createClient(stack.apiUrl, stack.anonKey, { realtime: { transport: WebSocket as never } });
    const file = blob(`devis ${Date.now()}`);
    for (const [client, path] of [
      [thomas, `${GARAGE}/${file.hash}`],
      [paul, `${GARAGE}/${file.hash}`],
      [anon, `${GARAGE}/${file.hash}`],
      [thomas, `${STUDIO}/photo.jpg`],
      [thomas, `${STUDIO}/a/${file.hash}`],
    ] as const) {
      const { error } = await client.storage.from('attachments').upload(path, file.bytes);
      expect(error, path).not.toBeNull();
    }
    const ok = await thomas.storage.from('attachments').upload(`${STUDIO}/${file.hash}`, file.bytes);
    expect(ok.error).toBeNull();
    const read = await paul.storage.from('attachments').download(`${STUDIO}/${file.hash}`);
    expect(read.error).not.toBeNull();
  });
});
