/**
 * Realtime pokes for the sync engine: the database sends a data-less `poke` on the tenant's
 * private channel `tenant:<tenantId>:sync` after each change; the leader tab pulls. Pokes are
 * hints (they can be lost), so the engine also pulls on reconnect, focus and a timer. A private
 * channel needs the user's token: realtime-js takes it from the auth session (setAuth without an
 * argument asks supabase-js for the current access token) before joining.
 */
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
import { getSupabaseClient } from './client.ts';

/** Calls `onPoke` for each poke, and once each time the channel (re)joins (catch up on a gap). */
export async function subscribeToSyncPokes(
  tenantId: string,
  onPoke: () => void,
  client: SupabaseClient = getSupabaseClient(),
): Promise<() => void> {
  await client.realtime.setAuth();
  const channel: RealtimeChannel = client.channel(`tenant:${tenantId}:sync`, { config: { private: true } });
  channel.on('broadcast', { event: 'poke' }, () => onPoke());
  channel.subscribe((status) => {
    if (status === 'SUBSCRIBED') onPoke();
  });
  return () => {
    void client.removeChannel(channel);
  };
}
