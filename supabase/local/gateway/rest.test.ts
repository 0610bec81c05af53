import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { getStack } from '../test/stack-info.ts';

const stack = getStack();
const anon = createClient(stack.apiUrl, stack.anonKey, { realtime: { transport: WebSocket as never } });

describe('rpc', () => {
  it('calls a function with named arguments and returns its scalar result', async () => {
    const { data, error, status } = await anon.rpc('t_add', { a: 1, b: 2 });
    expect(error).toBeNull();
    expect(status).toBe(200);
    expect(data).toBe(3);
  });
});
