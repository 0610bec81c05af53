/** Every demo login printed by `npm start` and listed in the README really signs in. */
import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { readDemoLogins } from './demo-logins.ts';
import { getStack } from './test/stack-info.ts';

const stack = getStack();

describe('demo logins', () => {
  const logins = readDemoLogins();

  it('lists at least one login', () => {
    expect(logins.length).toBeGreaterThan(0);
  });

  it.each(logins)('$email signs in with its documented password', async ({ email, password }) => {
    const client = createClient(stack.apiUrl, stack.anonKey, {
      realtime: { transport: WebSocket as never },
      auth: { persistSession: false, autoRefreshToken: false },
    });
    const { data, error } = await client.auth.signInWithPassword({ email, password });
    expect(error).toBeNull();
    expect(data.user?.email).toBe(email);
  });
});
